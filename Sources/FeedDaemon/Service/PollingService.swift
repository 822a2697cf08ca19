import Logging
import ServiceLifecycle

/// Polls feeds until a graceful shutdown, then lets archive writes finish and saves feed state.
struct PollingService: Service {
    let runtime: FeedRuntime
    let signals: LoopSignals
    let notifier: SystemdNotifier
    let logger: Logger
    /// Sent with READY=1.
    let readyStatus: String

    func run() async throws {
        // READY only now: the service group installs its SIGTERM handler before it starts its
        // services, so a stop that follows READY at once is a graceful one, never the default
        // action of the signal.
        notifier.ready(status: readyStatus)
        let loop = PollLoop(coordinator: runtime.coordinator, poller: runtime.poller,
                            concurrency: runtime.config.poll.concurrency, mode: .daemon, signals: signals)
        await withGracefulShutdownHandler {
            await loop.run()
        } onGracefulShutdown: {
            notifier.stopping()
            signals.stopRequested.store(true, ordering: .relaxed)
        }
        do {
            try await runtime.coordinator.saveIfNeeded(force: true)
        } catch {
            logger.error("could not save feed state: \(error)")
        }
        runtime.log.write(.daemon(message: "stopped"))
    }
}

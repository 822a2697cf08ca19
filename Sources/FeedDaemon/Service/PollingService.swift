import Logging
import ServiceLifecycle

/// Polls feeds until a graceful shutdown, then lets archive writes finish and saves feed state.
struct PollingService: Service {
    let runtime: FeedRuntime
    let signals: LoopSignals
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
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

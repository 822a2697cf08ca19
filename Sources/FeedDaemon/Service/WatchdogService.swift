import Foundation
import ServiceLifecycle

/// Pings systemd's watchdog while the poll loop is alive, and keeps STATUS= current.
struct WatchdogService: Service {
    let runtime: FeedRuntime
    let signals: LoopSignals
    let notifier: SystemdNotifier

    func run() async throws {
        let interval = notifier.watchdogInterval ?? .seconds(10)
        let stale = Int64(max(interval.components.seconds * 2, 5))
        await cancelWhenGracefulShutdown {
            var lastStatus = Date.distantPast
            while !Task.isCancelled {
                let beat = signals.heartbeat.load(ordering: .relaxed)
                if notifier.watchdogInterval != nil, Int64(Date().timeIntervalSince1970) - beat <= stale {
                    notifier.watchdog()
                }
                if Date().timeIntervalSince(lastStatus) >= 10 {
                    notifier.status(await statusLine())
                    lastStatus = Date()
                }
                try? await Task.sleep(for: min(interval, .seconds(10)))
            }
        }
    }

    private func statusLine() async -> String {
        let census = await runtime.coordinator.census
        return "\(census.feeds) feeds, \(census.polling) polling, \(census.failing) failing, \(census.gone) gone"
    }
}

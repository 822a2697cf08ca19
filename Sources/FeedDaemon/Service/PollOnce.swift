import Foundation
import Logging

/// `feedd poll-once`: one pass over every feed, then a summary.
public enum PollOnce {
    /// What one pass did, for the one-screen summary.
    public struct Summary: Sendable {
        public var feeds = 0
        public var fetched = 0
        public var notModified = 0
        public var gone = 0
        public var failures: [(feed: String, url: String, cause: String)] = []
        public var itemsSeen = 0
        public var newItems = 0
        public var seconds = 0.0
        public var stateDirectory = ""
        public var ingestLog = ""
    }

    public static func run(config: DaemonConfig, logger: Logger) async throws -> Summary {
        let started = Date()
        let runtime = try await FeedRuntime(config: config, logger: logger, singlePass: true)
        defer { runtime.shutdown() }
        let feeds = config.feeds
        await runtime.coordinator.apply(feeds, spread: 0, ignoreSavedSchedule: true)
        let pollable = await runtime.coordinator.pollableCount
        var summary = Summary(feeds: feeds.count, gone: feeds.count - pollable,
                              stateDirectory: config.stateDirectory, ingestLog: config.ingestLogPath)
        let signals = LoopSignals()
        let loop = PollLoop(coordinator: runtime.coordinator, poller: runtime.poller,
                            concurrency: config.poll.concurrency, mode: .once(feeds: pollable), signals: signals)
        await withTaskCancellationHandler {
            await loop.run { feed, report in
                summary.itemsSeen += report.itemsSeen
                summary.newItems += report.newItems
                switch report.outcome {
                case .fetched: summary.fetched += 1
                case .notModified: summary.notModified += 1
                case .gone: summary.gone += 1
                case .failed(let cause, _, _): summary.failures.append((feed.name, feed.url, cause))
                case .interrupted: summary.failures.append((feed.name, feed.url, "interrupted"))
                }
            }
        } onCancel: {
            signals.stopRequested.store(true, ordering: .relaxed)
        }
        try await runtime.coordinator.saveIfNeeded(force: true)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}

import Foundation
import Logging
import PostgresStore

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
        /// On a shared store: this node's name, and how many of the feeds it polled itself.
        public var node: String?
        public var feedsPolledHere = 0

        mutating func add(_ feed: FeedConfig, _ report: PollReport) {
            itemsSeen += report.itemsSeen
            newItems += report.newItems
            switch report.outcome {
            case .fetched: fetched += 1
            case .notModified: notModified += 1
            case .gone: gone += 1
            case .failed(let cause, _, _): failures.append((feed.name, feed.url, cause))
            case .interrupted: failures.append((feed.name, feed.url, "interrupted"))
            }
        }
    }

    public static func run(config: DaemonConfig, logger: Logger) async throws -> Summary {
        let started = Date()
        let runtime = try await FeedRuntime(config: config, logger: logger, singlePass: true)
        defer { runtime.shutdown() }
        let feeds = config.feeds
        var active = feeds
        if runtime.shared == nil {
            // On a shared store the rounds of ClusterPollOnce decide what to poll, from the database.
            await runtime.coordinator.apply(feeds, spread: 0, ignoreSavedSchedule: true)
            let states = await runtime.coordinator.states
            active = feeds.filter { states[$0.url]?.gone != true }
        }
        var summary = Summary(feeds: feeds.count, gone: feeds.count - active.count,
                              stateDirectory: config.stateDirectory, ingestLog: config.ingestLogPath)
        if runtime.shared != nil { summary.node = config.archive.node }
        let signals = LoopSignals()
        await withTaskCancellationHandler {
            if let shared = runtime.shared {
                do {
                    try await ClusterPollOnce(runtime: runtime, shared: shared, signals: signals).run(feeds: active, summary: &summary)
                } catch {
                    summary.failures.append(("database", PostgresURI.redacted(shared.uri), "\(error)"))
                }
                return
            }
            let loop = PollLoop(coordinator: runtime.coordinator, poller: runtime.poller,
                                concurrency: config.poll.concurrency, mode: .once(feeds: active.count), signals: signals)
            await loop.run { feed, report in summary.add(feed, report) }
        } onCancel: {
            signals.stopRequested.store(true, ordering: .relaxed)
        }
        try await runtime.coordinator.saveIfNeeded(force: true)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}

import Foundation
import Logging
import PostgresStore

/// `feedd poll-once`: one pass over every feed, then a summary.
///
/// It respects what the saved state says about a feed: one that answered 410 Gone, or that is
/// inside the window its server's Retry-After asked for, is skipped and counted as such, unless
/// `force` is set.
public enum PollOnce {
    /// Where a pass stands, for a live progress line.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var newItems: Int
        public var failures: Int
        public var elapsed: Duration
    }

    /// What one pass did, for the one-screen summary.
    public struct Summary: Sendable {
        public var feeds = 0
        public var fetched = 0
        public var notModified = 0
        /// Feeds that answered 410 in this pass.
        public var gone = 0
        public var failures: [(feed: String, url: String, cause: String)] = []
        /// Feeds not polled because a 410 stopped them before.
        public var skippedGone: [(feed: String, url: String)] = []
        /// Feeds not polled because their server's Retry-After has not passed, with when it does (epoch seconds).
        public var skippedRetryAfter: [(feed: String, url: String, until: Double)] = []
        public var itemsSeen = 0
        public var newItems = 0
        public var seconds = 0.0
        public var stateDirectory = ""
        public var ingestLog = ""

        /// On a shared store: this node's name, and how many of the feeds it polled itself.
        public var node: String?
        public var feedsPolledHere = 0

        /// Feeds polled in this pass.
        public var polled: Int { feeds - skippedGone.count - skippedRetryAfter.count }

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

    /// Polls every feed once (`force`: the skipped ones too), calling `progress` after each.
    public static func run(config: DaemonConfig, logger: Logger, force: Bool = false,
                           progress: @escaping @Sendable (Progress) -> Void = { _ in }) async throws -> Summary {
        let started = ContinuousClock.now
        let runtime = try await FeedRuntime(config: config, logger: logger, singlePass: true)
        defer { runtime.shutdown() }
        var summary = Summary(feeds: config.feeds.count, stateDirectory: config.stateDirectory, ingestLog: config.ingestLogPath)
        let signals = LoopSignals()
        if let shared = runtime.shared {
            // On a shared store the rounds of ClusterPollOnce decide what to poll, from the database.
            summary.node = config.archive.node
            await withTaskCancellationHandler {
                do {
                    try await ClusterPollOnce(runtime: runtime, shared: shared, signals: signals, force: force)
                        .run(feeds: config.feeds, summary: &summary)
                } catch {
                    summary.failures.append(("database", PostgresURI.redacted(shared.uri), "\(error)"))
                }
            } onCancel: {
                signals.stopRequested.store(true, ordering: .relaxed)
            }
            let elapsed = ContinuousClock.now - started
            summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return summary
        }
        await runtime.coordinator.apply(config.feeds, spread: 0, ignoreSavedSchedule: true, pollGone: force)
        if !force {
            for skipped in await runtime.coordinator.setAsideForSinglePass() {
                if let until = skipped.retryAfterUntil {
                    summary.skippedRetryAfter.append((skipped.feed.name, skipped.feed.url, until))
                } else {
                    summary.skippedGone.append((skipped.feed.name, skipped.feed.url))
                }
            }
        }
        let total = summary.polled
        let loop = PollLoop(coordinator: runtime.coordinator, poller: runtime.poller,
                            concurrency: config.poll.concurrency, mode: .once(feeds: total), signals: signals)
        var done = 0
        progress(Progress(done: 0, total: total, newItems: 0, failures: 0, elapsed: .zero))
        await withTaskCancellationHandler {
            await loop.run { feed, report in
                done += 1
                summary.add(feed, report)
                progress(Progress(done: done, total: total, newItems: summary.newItems,
                                  failures: summary.failures.count, elapsed: ContinuousClock.now - started))
            }
        } onCancel: {
            signals.stopRequested.store(true, ordering: .relaxed)
        }
        try await runtime.coordinator.saveIfNeeded(force: true)
        let elapsed = ContinuousClock.now - started
        summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return summary
    }
}

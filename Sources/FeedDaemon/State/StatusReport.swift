import FeedArchive
import FeedMetrics
import FeedTime
import Foundation

/// What `feedd status` shows, read from the saved feed state and the archive without taking the
/// lock, so it works while the daemon runs: a summary, then one row per configured feed.
public struct StatusReport: Sendable, Encodable {
    /// Feeds by health, and the items archived in the last 24 hours.
    public struct Summary: Sendable, Encodable {
        /// Configured feeds, and how many are in each `FeedHealth`.
        public var feeds: Int
        public var ok: Int
        public var failing: Int
        public var gone: Int
        public var moved: Int
        public var pending: Int
        /// Records whose `fetched_at` lies in the last 24 hours.
        public var itemsArchived24h: Int

        enum CodingKeys: String, CodingKey {
            case feeds, ok, failing, gone, moved, pending
            case itemsArchived24h = "items_archived_24h"
        }
    }

    /// One configured feed.
    public struct Row: Sendable, Encodable {
        /// The feed's name and configured URL.
        public var name: String
        public var url: String
        public var state: FeedHealth
        /// The HTTP status of the last poll (nil before one, or when no response came).
        public var lastStatus: Int?
        public var consecutiveFailures: Int
        /// Why the last poll failed; nil after a success.
        public var lastError: String?
        /// Where a 301/308 moved the feed.
        public var movedTo: String?
        /// UTC `YYYY-MM-DDTHH:MM:SSZ`.
        public var lastPolled: String?
        /// UTC `YYYY-MM-DDTHH:MM:SSZ`; nil when gone.
        public var nextPoll: String?
        /// Epoch seconds of `nextPoll`, for "in 5m".
        public var nextPollSeconds: Double?
        /// Items this feed archived since its state was first saved.
        public var itemsArchived: Int

        enum CodingKeys: String, CodingKey {
            case name, url, state
            case lastStatus = "last_status"
            case consecutiveFailures = "consecutive_failures"
            case lastError = "last_error"
            case movedTo = "moved_to"
            case lastPolled = "last_polled"
            case nextPoll = "next_poll"
            case itemsArchived = "items_archived"
        }

        /// Every key always, null when unknown, so that scripts need not test for absent keys.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(url, forKey: .url)
            try container.encode(state, forKey: .state)
            try container.encode(lastStatus, forKey: .lastStatus)
            try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
            try container.encode(lastError, forKey: .lastError)
            try container.encode(movedTo, forKey: .movedTo)
            try container.encode(lastPolled, forKey: .lastPolled)
            try container.encode(nextPoll, forKey: .nextPoll)
            try container.encode(itemsArchived, forKey: .itemsArchived)
        }
    }

    /// The first line of `feedd status`.
    public var summary: Summary
    /// One row per configured feed, in config order.
    public var feeds: [Row]

    /// Reads the state of every feed `config` lists; `problem` gets what could not be read. A
    /// shared store passes the states and the last 24 hours' count it read from the database;
    /// otherwise they come from the state directory, read-only (a daemon may be writing it).
    public static func gather(config: DaemonConfig, now: Date = Date(), shared: (states: [String: FeedState], recent: Int)? = nil,
                              problem: (String) -> Void) async throws -> StatusReport {
        let states: [String: FeedState]
        if let shared {
            states = shared.states
        } else {
            let loaded = try await FeedStateJournal(stateDirectory: config.stateDirectory, writable: false).loadAll()
            loaded.problems.forEach(problem)
            states = Dictionary(loaded.states.map { ($0.url, $0.state) }, uniquingKeysWith: { _, last in last })
        }
        var counts = FeedCounts()
        var rows: [Row] = []
        rows.reserveCapacity(config.feeds.count)
        for feed in config.feeds {
            let state = states[feed.url]
            let health = FeedHealth(state)
            counts.add(health)
            let next = health == .gone ? nil : state?.nextPoll
            rows.append(Row(
                name: feed.name, url: feed.url, state: health, lastStatus: state?.lastStatus,
                consecutiveFailures: state?.consecutiveFailures ?? 0, lastError: state?.lastError, movedTo: state?.movedTo,
                lastPolled: state?.lastPolled.flatMap(Self.timestamp), nextPoll: next.flatMap(Self.timestamp),
                nextPollSeconds: next, itemsArchived: state?.itemsArchived ?? 0))
        }
        var recent = shared?.recent ?? 0
        if shared == nil, FileManager.default.fileExists(atPath: "\(config.stateDirectory)/archive") {
            do {
                recent = try ArchiveReader(stateDirectory: config.stateDirectory)
                    .countRecords(fetchedSince: now - 86_400)
            } catch {
                problem("cannot count the last 24 hours' items: \(error)")
            }
        }
        let summary = Summary(feeds: counts.total, ok: counts.ok, failing: counts.failing, gone: counts.gone,
                              moved: counts.moved, pending: counts.pending, itemsArchived24h: recent)
        return StatusReport(summary: summary, feeds: rows)
    }

    private static func timestamp(_ seconds: Double) -> String? {
        UTCTimestamp.string(from: Date(timeIntervalSince1970: seconds))
    }
}

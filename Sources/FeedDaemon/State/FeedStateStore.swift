/// Where feed states live between runs: the daemon loads them all once at start, then hands over
/// only what changed. Kept this narrow so that a store in a database can stand in for the local
/// journal (`FeedStateJournal`).
public protocol FeedStateStore: Sendable {
    /// Every saved state, keyed by configured feed URL, with the problems met reading them
    /// (each one sentence naming the file or source; the feeds concerned start afresh).
    func loadAll() async throws -> FeedStateLoad

    /// Saves the latest state of each feed given, replacing what was saved for it.
    func record(_ states: [StoredFeedState]) async throws

    /// Forgets the saved states of these feeds (no longer configured).
    func remove(_ urls: [String]) async throws
}

/// One feed's saved state, under the URL the feed is configured with.
public struct StoredFeedState: Sendable, Equatable {
    public var url: String
    public var state: FeedState

    public init(url: String, state: FeedState) {
        self.url = url
        self.state = state
    }
}

/// What `FeedStateStore.loadAll` found.
public struct FeedStateLoad: Sendable {
    /// One entry per feed, in no particular order.
    public var states: [StoredFeedState]
    /// Damage met and repaired or skipped, for the operator.
    public var problems: [String]

    public init(states: [StoredFeedState] = [], problems: [String] = []) {
        self.states = states
        self.problems = problems
    }
}

/// The feed-state store could not be read or written.
public struct StateFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

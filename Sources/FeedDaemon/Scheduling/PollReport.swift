import FeedParsing

/// What one poll of one feed found: the input to scheduling and to the feed's saved state.
public struct PollReport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// A 2xx whose items reached the archive.
        case fetched(status: Int)
        /// 304: nothing changed since the validators were issued.
        case notModified
        /// Anything that produced no items: the cause for the ingest log, and a server's Retry-After.
        case failed(cause: String, status: Int?, retryAfter: Int?)
        /// 410: stop polling.
        case gone
        /// Cut short by shutdown; not the feed's fault and not worth a state change.
        case interrupted
    }

    public var outcome: Outcome
    /// Epoch seconds when the poll finished.
    public var finishedAt: Double
    public var etag: String?
    public var lastModified: String?
    /// Set when a 301/308 chain moved the feed for good.
    public var movedTo: String?
    /// Set when the saved move was refused (address policy, scheme): the feed goes back to its
    /// configured URL.
    public var forgetsMove = false
    public var itemsSeen: Int
    public var newItems: Int
    /// Entries dropped because their canonical URL was already archived (or repeated in the feed).
    public var duplicateItems: Int
    /// Bytes received on the wire.
    public var bytesFetched: Int
    /// How long the transfer took, until its response or its failure; nil when none was made.
    public var fetchSeconds: Double?
    /// Epoch seconds of the feed's newest entry, and the mean gap between its recent entries.
    public var newestEntry: Double?
    public var meanEntryGap: Double?
    public var hints: PollingHints?
    /// Seconds the server says its response stays fresh (Cache-Control max-age, Expires).
    public var serverFreshness: Int?

    public init(
        outcome: Outcome, finishedAt: Double, etag: String? = nil, lastModified: String? = nil,
        movedTo: String? = nil, itemsSeen: Int = 0, newItems: Int = 0, duplicateItems: Int = 0,
        bytesFetched: Int = 0, fetchSeconds: Double? = nil, newestEntry: Double? = nil,
        meanEntryGap: Double? = nil, hints: PollingHints? = nil, serverFreshness: Int? = nil
    ) {
        self.outcome = outcome
        self.finishedAt = finishedAt
        self.etag = etag
        self.lastModified = lastModified
        self.movedTo = movedTo
        self.itemsSeen = itemsSeen
        self.newItems = newItems
        self.duplicateItems = duplicateItems
        self.bytesFetched = bytesFetched
        self.fetchSeconds = fetchSeconds
        self.newestEntry = newestEntry
        self.meanEntryGap = meanEntryGap
        self.hints = hints
        self.serverFreshness = serverFreshness
    }
}

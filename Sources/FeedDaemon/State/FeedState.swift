/// What feedd remembers about one feed between polls and across restarts.
///
/// Losing it costs only a full refetch: the archive's dedup keeps items
/// from being archived twice, so this file needs no fsync discipline.
public struct FeedState: Codable, Sendable, Equatable {
    /// Validators of the last 200 whose items reached the archive.
    public var etag: String?
    public var lastModified: String?
    /// Where a 301/308 chain said the feed now lives; polled instead of the configured URL.
    public var movedTo: String?
    /// Set by 410 Gone: the feed is no longer polled until its config entry changes.
    public var gone: Bool
    /// Epoch seconds.
    public var lastPolled: Double?
    public var nextPoll: Double?
    public var lastStatus: Int?
    /// The cause of the last failure, cleared by a success.
    public var lastError: String?
    /// Epoch seconds until which the server asked not to be asked again (a 429 or 503 with
    /// Retry-After); cleared by a success. `poll-once` skips the feed until then.
    public var retryAfterUntil: Double?
    public var consecutiveFailures: Int
    /// The interval the adaptive policy settled on, in seconds.
    public var interval: Int?
    /// Epoch seconds of the feed's newest entry, and the mean gap between its recent entries:
    /// how often it publishes, for the adaptive interval.
    public var newestEntry: Double?
    public var meanEntryGap: Double?
    /// Epoch seconds of the last poll that archived something.
    public var lastNewItems: Double?
    public var itemsArchived: Int

    /// Longest ETag or Last-Modified kept: real ones are tens of bytes, and each kept value is
    /// written to feeds.jsonl and sent back with every poll.
    public static let maxValidatorBytes = 1024

    /// `value` when it is short enough to keep as a validator, else nil (a cut one would never match).
    public static func storableValidator(_ value: String?) -> String? {
        guard let value, value.utf8.count <= maxValidatorBytes else { return nil }
        return value
    }

    public init() {
        gone = false
        consecutiveFailures = 0
        itemsArchived = 0
    }

    enum CodingKeys: String, CodingKey {
        case etag, gone, interval
        case lastModified = "last_modified"
        case movedTo = "moved_to"
        case lastPolled = "last_polled"
        case nextPoll = "next_poll"
        case lastStatus = "last_status"
        case lastError = "last_error"
        case retryAfterUntil = "retry_after_until"
        case consecutiveFailures = "consecutive_failures"
        case lastNewItems = "last_new_items"
        case newestEntry = "newest_entry"
        case meanEntryGap = "mean_entry_gap"
        case itemsArchived = "items_archived"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        etag = try container.decodeIfPresent(String.self, forKey: .etag)
        lastModified = try container.decodeIfPresent(String.self, forKey: .lastModified)
        movedTo = try container.decodeIfPresent(String.self, forKey: .movedTo)
        gone = try container.decodeIfPresent(Bool.self, forKey: .gone) ?? false
        lastPolled = try container.decodeIfPresent(Double.self, forKey: .lastPolled)
        nextPoll = try container.decodeIfPresent(Double.self, forKey: .nextPoll)
        lastStatus = try container.decodeIfPresent(Int.self, forKey: .lastStatus)
        lastError = try container.decodeIfPresent(String.self, forKey: .lastError)
        retryAfterUntil = try container.decodeIfPresent(Double.self, forKey: .retryAfterUntil)
        consecutiveFailures = try container.decodeIfPresent(Int.self, forKey: .consecutiveFailures) ?? 0
        interval = try container.decodeIfPresent(Int.self, forKey: .interval)
        lastNewItems = try container.decodeIfPresent(Double.self, forKey: .lastNewItems)
        newestEntry = try container.decodeIfPresent(Double.self, forKey: .newestEntry)
        meanEntryGap = try container.decodeIfPresent(Double.self, forKey: .meanEntryGap)
        itemsArchived = try container.decodeIfPresent(Int.self, forKey: .itemsArchived) ?? 0
    }
}

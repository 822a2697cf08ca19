/// What feedd remembers about one feed between polls and across restarts.
///
/// Losing it costs only a full refetch: the archive's dedup keeps items from being archived twice.
/// A hundred thousand of these live in memory, so the storage is compact (about 100 bytes): times
/// are plain doubles with NaN for "none", small numbers are 32-bit, and the fields most feeds
/// never have (a move, an error, a Retry-After window) share one optional box.
public struct FeedState: Sendable, Equatable {
    /// Validators of the last 200 whose items reached the archive.
    public var etag: String?
    public var lastModified: String?
    private var rare: RareFields?
    private var lastPolledValue = Double.nan
    private var nextPollValue = Double.nan
    private var newestEntryValue = Double.nan
    private var meanEntryGapValue = Double.nan
    private var lastNewItemsValue = Double.nan
    /// Items this feed brought into the archive.
    public var itemsArchived = 0
    private var lastStatusValue = Int32.min
    private var intervalValue = Int32.min
    private var failures: Int32 = 0
    /// Set by 410 Gone: the feed is no longer polled until its config entry changes.
    public var gone = false

    public init() {}

    /// Longest ETag or Last-Modified kept: real ones are tens of bytes, and each kept value is
    /// written to the state files and sent back with every poll.
    public static let maxValidatorBytes = 1024

    /// `value` when it is short enough to keep as a validator, else nil (a cut one would never match).
    public static func storableValidator(_ value: String?) -> String? {
        guard let value, value.utf8.count <= maxValidatorBytes else { return nil }
        return value
    }

    /// Where a 301/308 chain said the feed now lives; polled instead of the configured URL.
    public var movedTo: String? {
        get { rare?.movedTo }
        set { rare = RareFields.make(movedTo: newValue, lastError: lastError, retryAfterUntil: retryAfterUntil) }
    }

    /// The cause of the last failure, cleared by a success.
    public var lastError: String? {
        get { rare?.lastError }
        set { rare = RareFields.make(movedTo: movedTo, lastError: newValue, retryAfterUntil: retryAfterUntil) }
    }

    /// Epoch seconds until which the server asked not to be asked again (a 429 or 503 with
    /// Retry-After); cleared by a success. `poll-once` skips the feed until then.
    public var retryAfterUntil: Double? {
        get { rare?.retryAfterUntil }
        set { rare = RareFields.make(movedTo: movedTo, lastError: lastError, retryAfterUntil: newValue) }
    }

    /// Epoch seconds.
    public var lastPolled: Double? {
        get { Self.optional(lastPolledValue) }
        set { lastPolledValue = newValue ?? .nan }
    }

    public var nextPoll: Double? {
        get { Self.optional(nextPollValue) }
        set { nextPollValue = newValue ?? .nan }
    }

    /// Epoch seconds of the feed's newest entry, and the mean gap between its recent entries:
    /// how often it publishes, for the adaptive interval.
    public var newestEntry: Double? {
        get { Self.optional(newestEntryValue) }
        set { newestEntryValue = newValue ?? .nan }
    }

    public var meanEntryGap: Double? {
        get { Self.optional(meanEntryGapValue) }
        set { meanEntryGapValue = newValue ?? .nan }
    }

    /// Epoch seconds of the last poll that archived something.
    public var lastNewItems: Double? {
        get { Self.optional(lastNewItemsValue) }
        set { lastNewItemsValue = newValue ?? .nan }
    }

    public var lastStatus: Int? {
        get { lastStatusValue == .min ? nil : Int(lastStatusValue) }
        set { lastStatusValue = newValue.map(Self.clamped) ?? .min }
    }

    /// The interval the adaptive policy settled on, in seconds.
    public var interval: Int? {
        get { intervalValue == .min ? nil : Int(intervalValue) }
        set { intervalValue = newValue.map(Self.clamped) ?? .min }
    }

    public var consecutiveFailures: Int {
        get { Int(failures) }
        set { failures = Self.clamped(newValue) }
    }

    public static func == (a: FeedState, b: FeedState) -> Bool {
        a.etag == b.etag && a.lastModified == b.lastModified && a.movedTo == b.movedTo && a.lastError == b.lastError
            && a.retryAfterUntil == b.retryAfterUntil
            && a.lastPolled == b.lastPolled && a.nextPoll == b.nextPoll && a.newestEntry == b.newestEntry
            && a.meanEntryGap == b.meanEntryGap && a.lastNewItems == b.lastNewItems && a.itemsArchived == b.itemsArchived
            && a.lastStatus == b.lastStatus && a.interval == b.interval && a.consecutiveFailures == b.consecutiveFailures
            && a.gone == b.gone
    }

    private static func optional(_ value: Double) -> Double? {
        value.isNaN ? nil : value
    }

    private static func clamped(_ value: Int) -> Int32 {
        Int32(clamping: max(value, Int(Int32.min) + 1))
    }
}

/// The fields few feeds have, boxed so that the others carry one nil pointer instead of two strings.
private final class RareFields: Sendable {
    let movedTo: String?
    let lastError: String?
    let retryAfterUntil: Double?

    private init(movedTo: String?, lastError: String?, retryAfterUntil: Double?) {
        self.movedTo = movedTo
        self.lastError = lastError
        self.retryAfterUntil = retryAfterUntil
    }

    static func make(movedTo: String?, lastError: String?, retryAfterUntil: Double?) -> RareFields? {
        guard movedTo != nil || lastError != nil || retryAfterUntil != nil else { return nil }
        return RareFields(movedTo: movedTo, lastError: lastError, retryAfterUntil: retryAfterUntil)
    }
}

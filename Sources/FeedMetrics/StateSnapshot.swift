/// The gauges read when a scrape comes in rather than kept up to date on every poll: how many
/// feeds are in each state, how big the archive is. The daemon supplies them (see
/// `FeedMetrics.setStateSource`), so this module knows nothing of the schedule or the archive.
public struct StateSnapshot: Sendable, Equatable {
    /// Configured feeds by state, for `feedd_feeds{state}`.
    public var feeds: FeedCounts
    /// Bytes in every archive segment, for `feedd_archive_bytes`.
    public var archiveBytes: Int64
    /// Lines (records) in the archive, for `feedd_archive_items`.
    public var archiveItems: Int

    /// A snapshot of these values.
    public init(feeds: FeedCounts, archiveBytes: Int64, archiveItems: Int) {
        self.feeds = feeds
        self.archiveBytes = archiveBytes
        self.archiveItems = archiveItems
    }
}

/// Configured feeds by what their last poll left them as.
public struct FeedCounts: Sendable, Equatable {
    /// Polled, and the last poll succeeded.
    public var ok: Int
    /// The last poll failed (and it will be retried).
    public var failing: Int
    /// 410 Gone: no longer polled until its config entry changes.
    public var gone: Int
    /// A 301/308 made another URL the one polled; the config still names the old one.
    public var moved: Int
    /// Not polled yet.
    public var pending: Int

    /// Counts of each state.
    public init(ok: Int = 0, failing: Int = 0, gone: Int = 0, moved: Int = 0, pending: Int = 0) {
        self.ok = ok
        self.failing = failing
        self.gone = gone
        self.moved = moved
        self.pending = pending
    }

    /// Every configured feed.
    public var total: Int { ok + failing + gone + moved + pending }
}

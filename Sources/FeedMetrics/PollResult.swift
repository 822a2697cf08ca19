/// How one poll of one feed ended, as `feedd_polls_total{result}` counts it.
public enum PollResult: String, CaseIterable, Sendable {
    /// A 2xx whose items reached the archive (none of them new, maybe).
    case fetched
    /// 304 Not Modified.
    case notModified = "not_modified"
    /// No usable feed: a transfer error, an HTTP error status, a body that is not a feed, a
    /// failed archive write.
    case failed
    /// 410 Gone: the feed is no longer polled.
    case gone
}

/// Which ingest-log lines `feedd tail --feed ... --event ...` prints.
public struct IngestLogFilter: Sendable {
    /// Feed names (or URLs); empty: every feed, and lines about no feed.
    public var feeds: Set<String>
    /// Event names; empty: every event.
    public var events: Set<String>

    /// Every event the ingest log writes.
    public static let knownEvents: Set<String> = ["polled", "ingested", "failed", "gone", "moved", "recovered", "config", "daemon"]

    public init(feeds: Set<String> = [], events: Set<String> = []) {
        self.feeds = feeds
        self.events = events
    }

    public var isEmpty: Bool { feeds.isEmpty && events.isEmpty }

    /// True when `line` is one to print. A feed matches by its name (`feed=`) or by a URL the
    /// line gives for it (`url=`, or `from=`/`to=` of a move).
    public func accepts(_ line: Substring) -> Bool {
        guard !isEmpty else { return true }
        let parsed = IngestLogLine(line)
        if !events.isEmpty, !events.contains(String(parsed.event)) { return false }
        if !feeds.isEmpty {
            let named = ["feed", "url", "from", "to"].contains { key in parsed.value(key).map(feeds.contains) ?? false }
            if !named { return false }
        }
        return true
    }
}

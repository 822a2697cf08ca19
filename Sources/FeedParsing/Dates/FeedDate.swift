import FeedTime
import Foundation

/// Dates as feeds write them, read without `DateFormatter`.
public enum FeedDate {
    /// The instant a feed date names, or nil when no known form matches.
    ///
    /// Tries, in feedparser's order: W3C-DTF/RFC 3339 (and their loose variants), RFC 822
    /// with its real-world variants, `yyyy/m/d` dates, other ISO 8601 forms, C `asctime`,
    /// Perforce dates.
    /// A zone name it does not know counts as UTC.
    public static func parse(_ text: String) -> Date? {
        guard !text.isEmpty, text.utf8.count <= 256 else { return nil }
        if let seconds = text.utf8.withContiguousStorageIfAvailable(CommonDateFormats.epochSeconds), let seconds {
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        let original = Array(text.utf8)
        var lower = original
        for index in lower.indices where lower[index] >= 0x41 && lower[index] <= 0x5A {
            lower[index] |= 0x20
        }
        let seconds = W3CDateParser.epochSeconds(lower[...])
            ?? RFC822DateParser.epochSeconds(lower[...])
            ?? SlashDateParser.epochSeconds(lower[...])
            ?? ISO8601DateParser.epochSeconds(original[...])
            ?? AsctimeDateParser.epochSeconds(lower[...])
            ?? AsctimeDateParser.perforceEpochSeconds(lower[...])
        return seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, whole seconds (fractions are dropped); years outside
    /// 0000...9999 are clamped to its ends, as no feed date parses to one.
    public static func iso8601(_ date: Date) -> String {
        if let text = UTCTimestamp.string(from: date) { return text }
        return date.timeIntervalSince1970 < 0 ? "0000-01-01T00:00:00Z" : "9999-12-31T23:59:59Z"
    }
}

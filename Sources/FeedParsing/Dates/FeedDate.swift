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

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, whole seconds (fractions are dropped).
    public static func iso8601(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilTime.civilFromDays(days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func append(_ value: Int, width: Int) {
            var digits = [UInt8](repeating: 0x30, count: width)
            var rest = value
            for index in stride(from: width - 1, through: 0, by: -1) {
                digits[index] = UInt8(0x30 + rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: digits)
        }
        append(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        append(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        append(day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, width: 2)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

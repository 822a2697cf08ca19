import Foundation

/// The archive's date form, `YYYY-MM-DDTHH:MM:SSZ` in UTC, by calendar arithmetic
/// (days from the civil date and back) rather than a `DateFormatter`: the encoder formats a few
/// dates per record and must stay cheap.
public enum UTCTimestamp {
    /// The earliest and latest instants with a four-digit year: 0000-01-01T00:00:00Z and
    /// 9999-12-31T23:59:59Z. Dates outside are not representable in the archive.
    public static let representableSeconds: ClosedRange<Int64> = -62_167_219_200 ... 253_402_300_799

    /// A broken-down UTC time.
    public struct Fields: Equatable {
        public var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64
    }

    /// The whole seconds since 1970 of `date`, rounded down, or nil when it has no four-digit
    /// year (or is not a number at all).
    public static func seconds(of date: Date) -> Int64? {
        let interval = date.timeIntervalSince1970.rounded(.down)
        guard interval.isFinite,
              interval >= Double(representableSeconds.lowerBound),
              interval <= Double(representableSeconds.upperBound) else { return nil }
        return Int64(interval)
    }

    /// Breaks `seconds` since 1970 into UTC calendar fields.
    public static func fields(fromSeconds seconds: Int64) -> Fields {
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return Fields(year: year, month: month, day: day, hour: secondOfDay / 3600,
                      minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SSZ` for `seconds` (which must be representable) to `bytes`.
    public static func append(seconds: Int64, to bytes: inout [UInt8]) {
        let time = fields(fromSeconds: seconds)
        let start = bytes.count
        let template: StaticString = "0000-00-00T00:00:00Z"
        template.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // Writes `value`'s decimal digits into the template so that the last one is at `end - 1`.
        func fill(_ value: Int64, endingAt end: Int, width: Int) {
            var rest = value
            for position in stride(from: start + end - 1, through: start + end - width, by: -1) {
                bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        fill(time.year, endingAt: 4, width: 4)
        fill(time.month, endingAt: 7, width: 2)
        fill(time.day, endingAt: 10, width: 2)
        fill(time.hour, endingAt: 13, width: 2)
        fill(time.minute, endingAt: 16, width: 2)
        fill(time.second, endingAt: 19, width: 2)
    }

    /// The string form of `date`, or nil when it is not representable.
    public static func string(from date: Date) -> String? {
        guard let seconds = seconds(of: date) else { return nil }
        var bytes: [UInt8] = []
        append(seconds: seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYY-MM` of `date` in UTC: the period that names the segment a write goes to.
    public static func monthPeriod(of date: Date) -> String {
        let seconds = seconds(of: date) ?? (date.timeIntervalSince1970 < 0
            ? representableSeconds.lowerBound : representableSeconds.upperBound)
        var bytes: [UInt8] = []
        append(seconds: seconds, to: &bytes)
        return String(decoding: bytes.prefix(7), as: UTF8.self)
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ` with a valid calendar date; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
              bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"),
              let year = number(bytes[0 ..< 4]), let month = number(bytes[5 ..< 7]),
              let day = number(bytes[8 ..< 10]), let hour = number(bytes[11 ..< 13]),
              let minute = number(bytes[14 ..< 16]), let second = number(bytes[17 ..< 19]),
              (1 ... 12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = days(fromYear: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (March-based years, 400-year eras).
    public static func days(fromYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDivide(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let marchMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * marchMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of `days` since 1970-01-01 (inverse of `days(fromYear:…)`).
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        days(fromYear: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
            - days(fromYear: year, month: month, day: 1)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

import Foundation

/// ISO 8601 forms that W3C-DTF does not cover: compact dates (`20031231`), ordinal dates
/// (`2003-335`), two-digit years (`03-12-31`), offsets without minutes (`+05`) and compact
/// times (`20031231T101455Z`). Follows feedparser's `_parse_date_iso8601` templates; like
/// `mktime`, out-of-range fields roll over.
enum ISO8601DateParser {
    /// `original` keeps its case: the `T` and `Z` designators are upper case here.
    static func epochSeconds(_ original: DateText.Bytes) -> Int? {
        var scanner = Scanner(bytes: original)
        guard let date = scanner.date() else { return nil }
        var hour = 0, minute = 0, second = 0
        var offsetMinutes = 0
        if let time = scanner.time() {
            (hour, minute, second, offsetMinutes) = time
        }
        let local = CivilTime.normalizedEpochSeconds(
            year: date.year, month: date.month, day: date.day, hour: hour, minute: minute, second: second)
        let utc = local - offsetMinutes * 60
        guard utc >= CivilTime.minimumEpochSeconds, utc <= CivilTime.maximumEpochSeconds else { return nil }
        return utc
    }

    private struct Scanner {
        let bytes: DateText.Bytes
        var position: Int

        init(bytes: DateText.Bytes) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        /// Reads `count` digits at the cursor; the cursor moves only on success.
        mutating func digits(_ count: Int, firstAtMost: UInt8 = 9) -> Int? {
            guard position + count <= bytes.endIndex else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[position + offset]
                guard DateText.isDigit(byte), offset > 0 || byte - 0x30 <= firstAtMost else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            position += count
            return value
        }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard position < bytes.endIndex, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// The date templates in feedparser's order, each tried from the start.
        mutating func date() -> (year: Int, month: Int, day: Int)? {
            let start = position
            let dash = UInt8(ascii: "-")
            // YYYY-?MM-?DD
            if let year = digits(4) {
                let afterYear = position
                _ = skip(dash)
                if let month = digits(2, firstAtMost: 1) {
                    _ = skip(dash)
                    if let day = digits(2, firstAtMost: 3) { return (year, month, day) }
                }
                // YYYY-MM
                position = afterYear
                if skip(dash), let month = digits(2, firstAtMost: 1) { return (year, month, 1) }
                // YYYY-?OOO
                position = afterYear
                _ = skip(dash)
                if let ordinal = digits(3, firstAtMost: 3) { return (year, 1, ordinal) }
            }
            // YY-?MM-?DD and YY-?OOO
            position = start
            if let shortYear = digits(2) {
                let century = Self.currentCentury
                let afterYear = position
                _ = skip(dash)
                if let month = digits(2, firstAtMost: 1) {
                    _ = skip(dash)
                    if let day = digits(2, firstAtMost: 3) { return (century + shortYear, month, day) }
                }
                position = afterYear
                _ = skip(dash)
                if let ordinal = digits(3, firstAtMost: 3) { return (century + shortYear, 1, ordinal) }
            }
            // YYYY
            position = start
            if let year = digits(4) { return (year, 1, 1) }
            return nil
        }

        /// ISO 8601 reads two-digit years in the current century.
        static var currentCentury: Int {
            let days = Int(Date().timeIntervalSince1970 / 86_400)
            return CivilTime.civilFromDays(days).year / 100 * 100
        }

        /// `T?hh:mm(:ss)?(.fraction)?(zone)?`, or the compact `Thhmmss` form.
        mutating func time() -> (hour: Int, minute: Int, second: Int, offsetMinutes: Int)? {
            let start = position
            let designated = skip(UInt8(ascii: "T"))
            guard let hour = digits(2) else { position = start; return nil }
            var minute = 0, second = 0
            if skip(UInt8(ascii: ":")) {
                guard let value = digits(2) else { position = start; return nil }
                minute = value
                if skip(UInt8(ascii: ":")) {
                    if let value = digits(2) { second = value } else { position -= 1 }
                }
            } else if designated, let value = digits(2) {
                minute = value
                second = digits(2) ?? 0
            } else {
                position = start
                return nil
            }
            if skip(UInt8(ascii: ".")) {
                if digits(1) == nil { position -= 1 }
                while position < bytes.endIndex, DateText.isDigit(bytes[position]) { position += 1 }
            }
            var offset = 0
            if position < bytes.endIndex, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                let sign = bytes[position] == UInt8(ascii: "-") ? -1 : 1
                let signPosition = position
                position += 1
                if let hours = digits(2) {
                    var minutes = 0
                    let beforeColon = position
                    if skip(UInt8(ascii: ":")) {
                        if let value = digits(2) { minutes = value } else { position = beforeColon }
                    } else if let value = digits(2) {
                        minutes = value
                    }
                    offset = sign * (hours * 60 + minutes)
                } else {
                    position = signPosition
                }
            }
            return (hour, minute, second, offset)
        }
    }
}

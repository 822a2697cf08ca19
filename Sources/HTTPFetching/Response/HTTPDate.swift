import Foundation

/// Parses the date formats HTTP allows (RFC 9110 §5.6.7): IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`)
/// and asctime (`Sun Nov  6 08:49:37 1994`). A numeric zone (`+0200`) is also accepted, since
/// servers send it.
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        var scanner = Scanner(Array(text.utf8))
        scanner.skipWeekday()
        let day: Int
        let month: Int
        var year: Int
        let time: (hour: Int, minute: Int, second: Int)
        if let monthFirst = scanner.month() {  // asctime: month day time year
            guard let number = scanner.number(), let clock = scanner.time(),
                  let fullYear = scanner.number(maxDigits: 4)
            else { return nil }
            (month, day, time, year) = (monthFirst, number, clock, fullYear)
        } else {  // day month year time
            guard let number = scanner.number(), let named = scanner.month(),
                  let someYear = scanner.number(maxDigits: 4), let clock = scanner.time()
            else { return nil }
            (month, day, time, year) = (named, number, clock, someYear)
        }
        guard let offset = scanner.zoneOffsetSeconds(), scanner.isAtEnd else { return nil }
        if year < 100 { year += year < 70 ? 2000 : 1900 }  // RFC 850's two-digit years
        guard (1...31).contains(day), (0...23).contains(time.hour), (0...59).contains(time.minute),
              (0...60).contains(time.second)
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = ((days * 24 + time.hour) * 60 + time.minute) * 60 + time.second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date.
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        // Count from March so that the leap day falls at the end of the counted year.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Reads the tokens of a date; separators are spaces, commas and dashes.
    private struct Scanner {
        private let bytes: [UInt8]
        private var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool {
            mutating get {
                skipSeparators()
                return position == bytes.count
            }
        }

        mutating func skipWeekday() {
            skipSeparators()
            let start = position
            while position < bytes.count, Self.isLetter(bytes[position]) { position += 1 }
            // A month name is not a weekday: step back if this word was one.
            if Self.monthNumber(bytes[start..<position]) != nil { position = start }
        }

        mutating func month() -> Int? {
            skipSeparators()
            let start = position
            while position < bytes.count, Self.isLetter(bytes[position]) { position += 1 }
            guard let month = Self.monthNumber(bytes[start..<position]) else {
                position = start
                return nil
            }
            return month
        }

        mutating func number(maxDigits: Int = 2) -> Int? {
            skipSeparators()
            var value = 0
            let start = position
            while position < bytes.count, position - start < maxDigits, Self.isDigit(bytes[position]) {
                value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                position += 1
            }
            return position > start ? value : nil
        }

        /// `hh:mm:ss`.
        mutating func time() -> (hour: Int, minute: Int, second: Int)? {
            guard let hour = number(), take(":"), let minute = number(), take(":"), let second = number()
            else { return nil }
            return (hour, minute, second)
        }

        private mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        /// GMT, UTC, UT, Z or nothing is 0; `+hhmm` / `-hhmm` is that offset; anything else is nil.
        mutating func zoneOffsetSeconds() -> Int? {
            while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
            guard position < bytes.count else { return 0 }
            let sign = bytes[position]
            if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                position += 1
                let start = position
                guard let hhmm = number(maxDigits: 4), position - start == 4 else { return nil }
                let seconds = (hhmm / 100 * 60 + hhmm % 100) * 60
                return sign == UInt8(ascii: "-") ? -seconds : seconds
            }
            let start = position
            while position < bytes.count, Self.isLetter(bytes[position]) { position += 1 }
            let zone = String(decoding: bytes[start..<position], as: UTF8.self).uppercased()
            return ["GMT", "UTC", "UT", "Z"].contains(zone) ? 0 : nil
        }

        private mutating func skipSeparators() {
            while position < bytes.count,
                  [UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "\t")].contains(bytes[position]) {
                position += 1
            }
        }

        private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

        private static func monthNumber(_ word: ArraySlice<UInt8>) -> Int? {
            guard word.count == 3 else { return nil }
            let lower = String(decoding: word.map { $0 | 0x20 }, as: UTF8.self)
            return months.firstIndex(of: lower).map { $0 + 1 }
        }
    }
}

/// Allocation-free parsing of the two date shapes nearly every feed uses:
/// `Mon, 05 Jan 2026 08:00:00 +0000` (RFC 822, any zone) and
/// `2026-01-05T08:00:00.123+01:00` (RFC 3339). Anything else returns nil and goes to the
/// general parsers, which give the same result for these shapes.
enum CommonDateFormats {
    static func epochSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 19 else { return nil }
        if DateText.isDigit(bytes[0]), bytes[4] == UInt8(ascii: "-") { return rfc3339(bytes) }
        return rfc822(bytes)
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard DateText.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    private static func rfc3339(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let year = digits(bytes, 0, 4), bytes[7] == UInt8(ascii: "-"), let month = digits(bytes, 5, 2),
              let day = digits(bytes, 8, 2), bytes[10] | 0x20 == UInt8(ascii: "t"),
              let hour = digits(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"), let minute = digits(bytes, 14, 2),
              bytes[16] == UInt8(ascii: ":"), let second = digits(bytes, 17, 2) else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, DateText.isDigit(bytes[index]) { index += 1 }
            guard index > fractionStart else { return nil }
        }
        let offset: Int
        if index + 1 == bytes.count, bytes[index] | 0x20 == UInt8(ascii: "z") {
            offset = 0
        } else if index + 6 == bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                  let hours = digits(bytes, index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"),
                  let minutes = digits(bytes, index + 4, 2) {
            offset = (bytes[index] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        return CivilTime.strictEpochSeconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetSeconds: offset)
    }

    /// `[Www, ]D[D] Mmm YYYY HH:MM:SS zone`, single spaces, zone numeric or a name.
    private static func rfc822(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        if DateText.isLetter(bytes[0]) {
            guard bytes.count > 5, bytes[3] == UInt8(ascii: ","), bytes[4] == UInt8(ascii: " ") else { return nil }
            let lowered = [bytes[0] | 0x20, bytes[1] | 0x20, bytes[2] | 0x20]
            guard DateText.isDayName(lowered[...]) else { return nil }
            index = 5
        }
        var day = 0
        let dayStart = index
        while index < bytes.count, index - dayStart < 2, DateText.isDigit(bytes[index]) {
            day = day * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > dayStart, index + 22 <= bytes.count, bytes[index] == UInt8(ascii: " ") else { return nil }
        let monthName = [bytes[index + 1] | 0x20, bytes[index + 2] | 0x20, bytes[index + 3] | 0x20]
        guard let month = DateText.month(monthName[...]), bytes[index + 4] == UInt8(ascii: " "),
              let year = digits(bytes, index + 5, 4), bytes[index + 9] == UInt8(ascii: " "),
              let hour = digits(bytes, index + 10, 2), bytes[index + 12] == UInt8(ascii: ":"),
              let minute = digits(bytes, index + 13, 2), bytes[index + 15] == UInt8(ascii: ":"),
              let second = digits(bytes, index + 16, 2), bytes[index + 18] == UInt8(ascii: " ") else { return nil }
        let zoneStart = index + 19
        let zoneLength = bytes.count - zoneStart
        let offset: Int
        if zoneLength == 5, bytes[zoneStart] == UInt8(ascii: "+") || bytes[zoneStart] == UInt8(ascii: "-"),
           let hours = digits(bytes, zoneStart + 1, 2), let minutes = digits(bytes, zoneStart + 3, 2) {
            offset = (bytes[zoneStart] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else if (1...4).contains(zoneLength), (zoneStart..<bytes.count).allSatisfy({ DateText.isLetter(bytes[$0]) }) {
            let name = (zoneStart..<bytes.count).map { bytes[$0] | 0x20 }
            if name.starts(with: "gmt".utf8), name.count > 3 { return nil }
            offset = TimeZoneNames.offsetSeconds(name[...]) ?? 0
        } else {
            return nil
        }
        return CivilTime.strictEpochSeconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetSeconds: offset)
    }
}

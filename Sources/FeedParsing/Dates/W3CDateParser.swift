/// W3C-DTF and RFC 3339 dates and their loose variants: `2003-12-31T10:14:55Z`,
/// `2003-12-31T10:14:55.123-08:00`, `2003-12`, `2003`, `2004-07-08 23:56:58`.
/// Follows feedparser's `_parse_date_w3dtf` so that the same strings succeed and fail.
enum W3CDateParser {
    static func epochSeconds(_ lower: DateText.Bytes) -> Int? {
        guard !DateText.trimmed(lower).isEmpty else { return nil }
        var parts = DateText.split(lower, on: UInt8(ascii: "t"))
        if parts.count == 1 {
            // A date alone, or an MSSQL-style "date time [zone]".
            parts = DateText.splitOnWhitespace(parts[0])
            if parts.count == 1 { parts.append(ArraySlice("00:00:00z".utf8)) }
        } else if parts.count > 2 {
            return nil
        }
        guard parts.count >= 2 else { return nil }
        var date = DateText.split(parts[0], on: UInt8(ascii: "-"), maxSplits: 2)
        guard date[0].count == 4 else { return nil }
        while date.count < 3 { date.append(ArraySlice("1".utf8)) }
        guard let year = DateText.integer(date[0]), let month = DateText.integer(date[1]),
              let day = DateText.integer(date[2]) else { return nil }

        var timeText = parts[1]
        if timeText.last == UInt8(ascii: "z") {
            timeText = timeText.dropLast()
            parts.append(ArraySlice("z".utf8))
        }
        // The zone starts at the first '-' (else '+') of the time part.
        let zoneStart = timeText.firstIndex(of: UInt8(ascii: "-"))
            ?? timeText.firstIndex(of: UInt8(ascii: "+")) ?? timeText.endIndex
        parts.append(timeText[zoneStart...])
        timeText = timeText[..<zoneStart]
        var time = DateText.split(timeText, on: UInt8(ascii: ":"), maxSplits: 2)
        while time.count < 3 { time.append(ArraySlice("0".utf8)) }

        let zone = parts[2]
        let offset: Int
        if let sign = zone.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            let start = zone.startIndex
            guard let hours = DateText.integer(zone[min(start + 1, zone.endIndex)..<min(start + 3, zone.endIndex)]),
                  let minutes = DateText.integer(zone[min(start + 4, zone.endIndex)...]) else { return nil }
            offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else {
            offset = TimeZoneNames.offsetSeconds(zone) ?? 0
        }
        guard let hour = DateText.truncatedDecimal(time[0]), let minute = DateText.truncatedDecimal(time[1]),
              let second = DateText.truncatedDecimal(time[2]) else { return nil }
        return CivilTime.strictEpochSeconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            offsetSeconds: offset)
    }
}

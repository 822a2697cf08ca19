/// RFC 822 / RFC 1123 dates and the variants feeds really use: missing weekday or seconds,
/// day and month swapped, two-digit years, named and military zones, `GMT+01:00`, full or
/// lowercase month names, a date with no time. Follows feedparser's `_parse_date_rfc822`.
enum RFC822DateParser {
    static func epochSeconds(_ lower: DateText.Bytes) -> Int? {
        epochSeconds(tokens: DateText.splitOnWhitespace(lower))
    }

    static func epochSeconds(tokens: [DateText.Bytes]) -> Int? {
        var parts = tokens
        guard !parts.isEmpty else { return nil }
        if parts.count < 5 {
            // Assume the time and zone are missing.
            parts.append(ArraySlice("00:00:00".utf8))
            parts.append(ArraySlice("0000".utf8))
        }
        if DateText.isDayName(parts[0]) { parts.removeFirst() }
        guard parts.count >= 5 else { return nil }

        var month = DateText.month(parts[1])
        let day: Int
        if let number = DateText.integer(parts[0]) {
            day = number
        } else if let swappedMonth = DateText.month(parts[0]) {
            guard let number = DateText.integer(parts[1]) else { return nil }
            day = number
            month = swappedMonth
        } else {
            return nil
        }
        guard let month else { return nil }

        guard var year = DateText.integer(parts[2]) else { return nil }
        if parts[2].count <= 2 { year += year < 90 ? 2000 : 1900 }

        var time = DateText.split(parts[3], on: UInt8(ascii: ":"))
        guard time.count <= 3 else { return nil }
        while time.count < 3 { time.append(ArraySlice("0".utf8)) }
        guard let hour = DateText.integer(time[0]), let minute = DateText.integer(time[1]),
              let second = DateText.integer(time[2]) else { return nil }

        guard let offset = zoneOffset(parts[4]) else { return nil }
        return CivilTime.strictEpochSeconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            offsetSeconds: offset)
    }

    /// Offset of the zone token; nil when a numeric offset is malformed (which fails the
    /// whole date, as in feedparser), 0 for unknown names.
    static func zoneOffset(_ token: DateText.Bytes) -> Int? {
        var zone = Array(token)
        if zone.starts(with: "etc/".utf8) { zone.removeFirst(4) }
        if zone.starts(with: "gmt".utf8) {
            let rest = zone.dropFirst(3).filter { $0 != UInt8(ascii: ":") }
            zone = rest.isEmpty ? Array("gmt".utf8) : Array(rest)
        }
        guard let sign = zone.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
            return TimeZoneNames.offsetSeconds(zone[...]) ?? 0
        }
        let hoursText = zone[min(1, zone.count)..<min(3, zone.count)]
        let minutesText = zone.contains(UInt8(ascii: ":")) ? zone[min(4, zone.count)...] : zone[min(3, zone.count)...]
        guard let hours = DateText.integer(hoursText), let minutes = DateText.integer(minutesText) else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -magnitude : magnitude
    }
}

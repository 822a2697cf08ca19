/// Dates written `yyyy/m/d [h:mm[:ss]] [zone]`, which some publishers use. feedparser
/// reads only the year of these (with the current month), so this runs before the ISO 8601
/// parser that would do the same.
enum SlashDateParser {
    static func epochSeconds(_ lower: DateText.Bytes) -> Int? {
        let parts = DateText.splitOnWhitespace(lower)
        guard (1...3).contains(parts.count) else { return nil }
        let date = DateText.split(parts[0], on: UInt8(ascii: "/"))
        guard date.count == 3, date[0].count == 4, (1...2).contains(date[1].count), (1...2).contains(date[2].count),
              date.allSatisfy({ $0.allSatisfy(DateText.isDigit) }),
              let year = DateText.integer(date[0]), let month = DateText.integer(date[1]),
              let day = DateText.integer(date[2]) else { return nil }
        var hour = 0, minute = 0, second = 0
        if parts.count >= 2 {
            let time = DateText.split(parts[1], on: UInt8(ascii: ":"))
            guard (2...3).contains(time.count), time.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(DateText.isDigit) }),
                  let h = DateText.integer(time[0]), let m = DateText.integer(time[1]) else { return nil }
            hour = h
            minute = m
            second = time.count == 3 ? DateText.integer(time[2]) ?? 0 : 0
        }
        var offset = 0
        if parts.count == 3 {
            guard let zone = RFC822DateParser.zoneOffset(parts[2]) else { return nil }
            offset = zone
        }
        return CivilTime.strictEpochSeconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetSeconds: offset)
    }
}

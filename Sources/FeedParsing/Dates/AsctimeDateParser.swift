/// C `asctime` dates (`Sun Jan  4 16:29:06 2004`, optionally with a zone before the year)
/// and Perforce dates (`Fri, 2006/09/15 08:19:53 EDT`), both rewritten into RFC 822 order.
enum AsctimeDateParser {
    static func epochSeconds(_ lower: DateText.Bytes) -> Int? {
        var parts = DateText.splitOnWhitespace(lower)
        if parts.count == 5 { parts.insert(ArraySlice("+0000".utf8), at: 4) }
        guard parts.count == 6 else { return nil }
        // weekday day month year time zone
        return RFC822DateParser.epochSeconds(tokens: [parts[0], parts[2], parts[1], parts[5], parts[3], parts[4]])
    }

    /// `dow, yyyy/mm/dd hh:mm:ss zone`.
    static func perforceEpochSeconds(_ lower: DateText.Bytes) -> Int? {
        let parts = DateText.splitOnWhitespace(lower)
        guard parts.count == 4, parts[0].last == UInt8(ascii: ","),
              parts[0].count <= 4, parts[0].dropLast().allSatisfy(DateText.isLetter) else { return nil }
        let date = DateText.split(parts[1], on: UInt8(ascii: "/"))
        let time = DateText.split(parts[2], on: UInt8(ascii: ":"))
        guard date.count == 3, time.count == 3, date[2].count == 2, time[1].count == 2, time[2].count == 2,
              date.allSatisfy({ $0.allSatisfy(DateText.isDigit) }),
              time.allSatisfy({ !$0.isEmpty && $0.allSatisfy(DateText.isDigit) }),
              let year = DateText.integer(date[0]), let month = DateText.integer(date[1]),
              let day = DateText.integer(date[2]), let hour = DateText.integer(time[0]),
              let minute = DateText.integer(time[1]), let second = DateText.integer(time[2])
        else { return nil }
        let offset = TimeZoneNames.offsetSeconds(parts[3]) ?? 0
        return CivilTime.strictEpochSeconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            offsetSeconds: offset)
    }
}

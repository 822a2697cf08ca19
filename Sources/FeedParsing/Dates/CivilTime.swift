import FeedTime

/// Calendar arithmetic on the proleptic Gregorian calendar, in UTC, without Foundation's
/// calendars (which are slow and locale-dependent).
enum CivilTime {
    /// Days from 1970-01-01 to the given date; `month` and `day` may run past their range
    /// (month 13 is January of the next year, day 0 the last day of the previous month),
    /// the way C's `mktime` normalises them.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        // Normalise the month into 1...12 first, carrying whole years.
        let monthIndex = month - 1
        let carried = year + (monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12)
        let normalised = ((monthIndex % 12) + 12) % 12 + 1
        return Int(UTCTimestamp.days(fromYear: Int64(carried), month: Int64(normalised), day: 1)) + (day - 1)
    }

    /// The (year, month, day) of a day count from 1970-01-01.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let (year, month, day) = UTCTimestamp.civil(fromDays: Int64(days))
        return (Int(year), Int(month), Int(day))
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Seconds since the epoch of a wall-clock time at `offsetSeconds` east of UTC, or nil
    /// when a field is out of range or the UTC result leaves years 1...9999 (the rules of
    /// Python's `datetime`, which feedparser's parsers rely on).
    static func strictEpochSeconds(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetSeconds: Int
    ) -> Int? {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= daysInMonth(year: year, month: month),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        let local = daysFromCivil(year: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second
        let utc = local - offsetSeconds
        // Years 1 and 9999 bound what Python can represent after the shift.
        guard utc >= minimumEpochSeconds, utc <= maximumEpochSeconds else { return nil }
        return utc
    }

    /// Seconds since the epoch with every field normalised the way `mktime` does.
    static func normalizedEpochSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int {
        daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    static let minimumEpochSeconds = daysFromCivil(year: 1, month: 1, day: 1) * 86_400
    static let maximumEpochSeconds = daysFromCivil(year: 9999, month: 12, day: 31) * 86_400 + 86_399
}

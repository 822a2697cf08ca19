/// Calendar arithmetic on the proleptic Gregorian calendar, in UTC, without Foundation's
/// calendars (which are slow and locale-dependent).
enum CivilTime {
    /// Days from 1970-01-01 to the given date; `month` and `day` may run past their range
    /// (month 13 is January of the next year, day 0 the last day of the previous month),
    /// the way C's `mktime` normalises them.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        // Normalise the month into 1...12 first, carrying whole years.
        var year = year
        var month = month - 1
        year += month >= 0 ? month / 12 : (month - 11) / 12
        month = ((month % 12) + 12) % 12 + 1
        // Shift the year to start in March so the leap day is the last day of the year.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468 + (day - 1)
    }

    /// The (year, month, day) of a day count from 1970-01-01.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
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

@testable import FeedTime
import Foundation
import Testing

struct UTCTimestampTests {
    static let formatted: [(seconds: Double, text: String?)] = [
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"), // leap day of a year divisible by 400
        (4_107_542_399, "2100-02-28T23:59:59Z"), // 2100 is not a leap year
        (4_107_542_400, "2100-03-01T00:00:00Z"),
        (1_790_812_799.9, "2026-09-30T23:59:59Z"), // fractions are dropped, not rounded
        (-0.5, "1969-12-31T23:59:59Z"), // rounded down, also before 1970
        (-62_167_219_200, "0000-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (253_402_300_800, nil), // year 10000: no four-digit form
        (-62_167_219_201, nil),
        (.infinity, nil),
        (.nan, nil),
    ]

    @Test(arguments: formatted)
    func formats(seconds: Double, text: String?) {
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func agreesWithFoundationOverManyDays() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        // Every 997,771 s (about 11.5 days) from 1900 to 2200.
        for seconds in stride(from: -2_208_988_800.0, to: 7_258_118_400.0, by: 997_771) {
            let date = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year ?? 0, parts.month ?? 0,
                                  parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
            let text = try #require(UTCTimestamp.string(from: date))
            #expect(text == expected)
            #expect(UTCTimestamp.parse(text) == date)
        }
    }

    static let parsed: [(text: String, seconds: Double?)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("2000-02-29T12:34:56Z", 951_827_696),
        ("0000-01-01T00:00:00Z", -62_167_219_200),
        ("1900-02-29T00:00:00Z", nil), // 1900 was not a leap year
        ("2026-13-01T00:00:00Z", nil),
        ("2026-04-31T00:00:00Z", nil),
        ("2026-01-01T24:00:00Z", nil),
        ("2026-01-01T00:60:00Z", nil),
        ("2026-01-01T00:00:60Z", nil),
        ("2026-01-01T00:00:00+00:00", nil),
        ("2026-01-01 00:00:00Z", nil),
        ("2026-1-01T00:00:00Z", nil),
        ("2026-01-01T00:00:00z", nil),
        ("", nil),
        ("２026-01-01T00:00:00Z", nil), // a full-width digit
    ]

    @Test(arguments: parsed)
    func parses(text: String, seconds: Double?) {
        #expect(UTCTimestamp.parse(text) == seconds.map { Date(timeIntervalSince1970: $0) })
    }

    @Test func monthPeriods() {
        #expect(UTCTimestamp.monthPeriod(of: Date(timeIntervalSince1970: 1_793_491_200)) == "2026-11")
        #expect(UTCTimestamp.monthPeriod(of: Date(timeIntervalSince1970: 1_796_083_199)) == "2026-11")
        #expect(UTCTimestamp.monthPeriod(of: Date(timeIntervalSince1970: 1_796_083_200)) == "2026-12")
        #expect(UTCTimestamp.monthPeriod(of: Date(timeIntervalSince1970: .infinity)) == "9999-12")
    }
}

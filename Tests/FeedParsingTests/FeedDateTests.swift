import Foundation
import Testing
@testable import FeedParsing

@Suite struct FeedDateTests {
    /// Date strings and the UTC instant feedparser 6.0.11 gives for them (nil: not a date).
    static let feedparserAgrees: [(String, String?)] = [
        ("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("Thu, 01 Jan 2004 19:48:21 +0000", "2004-01-01T19:48:21Z"),
        ("Thu, 1 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("Thu,  5 Apr 2012 10:00:00 GMT", "2012-04-05T10:00:00Z"),
        ("Tue, 3 Jun 2003 09:39:21 EST", "2003-06-03T14:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 EDT", "2003-06-03T13:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 CST", "2003-06-03T15:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 CDT", "2003-06-03T14:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 MST", "2003-06-03T16:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 MDT", "2003-06-03T15:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 PST", "2003-06-03T17:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 PDT", "2003-06-03T16:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 UT", "2003-06-03T09:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 Z", "2003-06-03T09:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 A", "2003-06-03T10:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 N", "2003-06-03T08:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 M", "2003-06-03T21:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 Y", "2003-06-02T21:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 -0800", "2003-06-03T17:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 +05:30", "2003-06-03T04:09:21Z"),
        ("Tue, 03 Jun 2003 09:39", nil),
        ("03 Jun 2003 09:39:21 GMT", "2003-06-03T09:39:21Z"),
        ("Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("Thu, 01 Jan 99 19:48:21 GMT", "1999-01-01T19:48:21Z"),
        ("Thu, 30 Apr 2015 08:57:00 MET", "2015-04-30T07:57:00Z"),
        ("Wed, 19 Feb 2012 22:40:00 GMT-01:01", "2012-02-19T23:41:00Z"),
        ("Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00Z"),
        ("Thu, 01 Jan 2004", "2004-01-01T00:00:00Z"),
        ("Mon, 26 January 2004 16:31:00 ET", "2004-01-26T21:31:00Z"),
        ("Mon, 26 January 2004 16:31:00 MT", "2004-01-26T23:31:00Z"),
        ("Thu Aug 30 2012 17:26:16 +0200", "2012-08-30T15:26:16Z"),
        ("thu, 01 jan 2004 19:48:21 gmt", "2004-01-01T19:48:21Z"),
        ("THU, 01 JAN 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("Sun, 31 Dec 2006 23:59:60 GMT", nil),
        ("Sun, 32 Dec 2006 10:00:00 GMT", nil),
        ("Sun, 01 Foo 2006 10:00:00 GMT", nil),
        ("Sat, 29 Feb 2003 10:00:00 GMT", nil),
        ("Sun, 29 Feb 2004 10:00:00 GMT", "2004-02-29T10:00:00Z"),
        ("Tue, 03 Jun 2003 09:39:21 Etc/GMT", "2003-06-03T09:39:21Z"),
        ("2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"),
        ("2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"),
        ("2003-12-31T10:14:55+08:00", "2003-12-31T02:14:55Z"),
        ("2003-12-31T10:14:55.1234Z", "2003-12-31T10:14:55Z"),
        ("2007-04-23T23:25:47.538+10:00", "2007-04-23T13:25:47Z"),
        ("2003-12-31T10:14", "2003-12-31T10:14:00Z"),
        ("2003-12-31T10:14Z", "2003-12-31T10:14:00Z"),
        ("2003-12-31", "2003-12-31T00:00:00Z"),
        ("2003-12", "2003-12-01T00:00:00Z"),
        ("2003", "2003-01-01T00:00:00Z"),
        ("2004-02-28T18:14:55-08:00", "2004-02-29T02:14:55Z"),
        ("2000-02-28T18:14:55-08:00", "2000-02-29T02:14:55Z"),
        ("2004-07-08 23:56:58", "2004-07-08T23:56:58Z"),
        ("2004-07-08 23:56:58 -05:00", "2004-07-09T04:56:58Z"),
        ("2004-07-08T23:56:58 EST", "2004-07-08T23:56:58Z"),
        ("20031231", "2003-12-31T00:00:00Z"),
        ("2003-335", "2003-12-01T00:00:00Z"),
        ("2003335", "2003-12-01T00:00:00Z"),
        ("2003-12-31T10:14:55+05", "2003-12-31T05:14:55Z"),
        ("20031231T10:14:55Z", "2003-12-31T10:14:55Z"),
        ("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"),
        ("Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06Z"),
        ("Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z"),
        ("", nil),
        ("not a date", nil),
        ("2004-13-01T00:00:00Z", "2005-01-01T00:00:00Z"),
        ("2004-02-30T00:00:00Z", "2004-03-01T00:00:00Z"),
        ("", nil),
    ]

    /// Forms where feedd reads more than feedparser: it takes only the year of slash dates
    /// (and fills in the current month) and ignores a compact time.
    static let beyondFeedparser: [(String, String?)] = [
        ("2020/1/10 14:33:00", "2020-01-10T14:33:00Z"),
        ("2020/01/10", "2020-01-10T00:00:00Z"),
        ("2020/1/10 14:33 +0100", "2020-01-10T13:33:00Z"),
        ("20031231T101455Z", "2003-12-31T10:14:55Z"),
        ("Tue, 03 Jun 2003 09:39:21 B", "2003-06-03T11:39:21Z"),
        ("Tue, 03 Jun 2003 09:39:21 CEST", "2003-06-03T07:39:21Z"),
    ]

    @Test(arguments: feedparserAgrees + beyondFeedparser)
    func parses(_ text: String, _ expected: String?) {
        #expect(FeedDate.parse(text).map(FeedDate.iso8601) == expected)
    }

    static let renderings: [(TimeInterval, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (1_072_986_501, "2004-01-01T19:48:21Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (1_072_986_501.75, "2004-01-01T19:48:21Z"),
    ]

    @Test(arguments: renderings)
    func rendersISO8601(_ seconds: TimeInterval, _ expected: String) {
        #expect(FeedDate.iso8601(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func roundTripsDaysAcrossCenturies() {
        // Day arithmetic against Foundation's calendar (Gregorian from 1583 on; Python and
        // feedd use the proleptic calendar, Foundation switches to Julian before that).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        for day in stride(from: -138_000, through: 150_000, by: 997) {
            let date = Date(timeIntervalSince1970: TimeInterval(day) * 86_400 + 3_723)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d-%02d-%02dT01:02:03Z", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            #expect(FeedDate.iso8601(date) == expected)
            #expect(FeedDate.parse(expected) == date)
        }
    }
}

import Foundation
@testable import HTTPFetching
import Testing

/// 1994-11-06 08:49:37 UTC, RFC 9110's example date.
private let example = Date(timeIntervalSince1970: 784_111_777)

@Test(arguments: [
    ("Sun, 06 Nov 1994 08:49:37 GMT", example),
    ("Sunday, 06-Nov-94 08:49:37 GMT", example),
    ("Sun Nov  6 08:49:37 1994", example),
    ("sun, 06 nov 1994 08:49:37 gmt", example),
    ("Sun, 06 Nov 1994 08:49:37 UTC", example),
    ("Sun, 06 Nov 1994 10:49:37 +0200", example),
    ("Sun, 06 Nov 1994 03:49:37 -0500", example),
    ("Sun, 06 Nov 1994 08:49:37", example),
    ("Thu, 01 Jan 1970 00:00:00 GMT", Date(timeIntervalSince1970: 0)),
    ("Tue, 29 Feb 2000 12:00:00 GMT", Date(timeIntervalSince1970: 951_825_600)),
    ("Fri, 31 Dec 2038 23:59:59 GMT", Date(timeIntervalSince1970: 2_177_452_799)),
] as [(String, Date)])
func httpDatesInEveryAllowedFormParse(text: String, expected: Date) {
    #expect(HTTPDate.parse(text) == expected)
}

@Test(arguments: [
    "", "0", "-1", "tomorrow", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 1994 08:49:37 PST",
    "Sun, 06 Nov 1994 08:49:37 GMT trailing",
])
func malformedHTTPDatesAreRefused(text: String) {
    #expect(HTTPDate.parse(text) == nil)
}

import Foundation
import HTTPFetching
import Testing

private let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

private func response(_ headers: [String: String]) -> FetchResponse {
    FetchResponse(status: 503, effectiveURL: "http://example.com/", headers: headers)
}

@Test(arguments: [
    ([:], nil),
    (["retry-after": "120"], 120),
    (["retry-after": " 0 "], 0),
    (["retry-after": "Sun, 06 Nov 1994 08:51:37 GMT"], 120),
    (["retry-after": "Sun, 06 Nov 1994 08:49:37 GMT"], 0),
    (["retry-after": "Sat, 05 Nov 1994 08:49:37 GMT"], 0),  // in the past: now
    (["retry-after": "-5"], nil),
    (["retry-after": "1.5"], nil),
    (["retry-after": "soon"], nil),
    (["retry-after": "99999999999999999999999"], Int(Int32.max)),
] as [([String: String], Int?)])
func retryAfterReadsSecondsOrADate(headers: [String: String], expected: Int?) {
    #expect(response(headers).retryAfterSeconds(now: now) == expected)
}

@Test(arguments: [
    ([:], nil),
    (["cache-control": "max-age=300"], 300),
    (["cache-control": "public, MAX-AGE=\"600\", must-revalidate"], 600),
    (["cache-control": "s-maxage=900"], 900),
    (["cache-control": "s-maxage=900, max-age=60"], 60),
    (["cache-control": "no-cache"], nil),
    (["cache-control": "max-age=abc"], nil),
    (["cache-control": "max-age=120", "expires": "Sun, 06 Nov 1994 09:49:37 GMT"], 120),
    (["expires": "Sun, 06 Nov 1994 09:49:37 GMT"], 3600),
    (["expires": "Sun, 06 Nov 1994 09:49:37 GMT", "date": "Sun, 06 Nov 1994 09:19:37 GMT"], 1800),
    (["expires": "Sat, 05 Nov 1994 09:49:37 GMT"], 0),
    (["expires": "0"], 0),
    (["cache-control": "private", "expires": "-1"], 0),
] as [([String: String], Int?)])
func freshnessComesFromCacheControlThenExpires(headers: [String: String], expected: Int?) {
    #expect(response(headers).freshnessSeconds(now: now) == expected)
}

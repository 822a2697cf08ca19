import Foundation
import Testing
@testable import FeedParsing

@Suite struct FeedDateTests {
    /// Date strings and the UTC instant they name (nil: not a date).
    static let cases: [(String, String?)] = [
        ("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
    ]

    @Test(arguments: cases)
    func parses(_ text: String, _ expected: String?) {
        #expect(FeedDate.parse(text).map(FeedDate.iso8601) == expected)
    }
}

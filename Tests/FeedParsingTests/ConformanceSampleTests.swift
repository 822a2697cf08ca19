import Foundation
import Testing
@testable import FeedParsing

/// The repository's conformance sample, compared the way the shared suite's check.py compares:
/// text fields as text (tags stripped, entities decoded, white space collapsed), the URLs of
/// expected HTML present in the output, links, ids and dates exactly.
@Suite struct ConformanceSampleTests {
    @Test func everySampleCaseReadsAsExpected() throws {
        let cases = try SampleDocuments.cases()
        #expect(cases.count >= 30)
        #expect(Set(cases.map(\.category)).isSuperset(of: ["rss", "atom", "rdf", "json", "encoding", "entities", "dates", "http", "illformed"]))
        for testCase in cases {
            let headers = testCase.http_headers
            let context = DocumentContext(url: headers == nil ? nil : testCase.url, contentType: headers?["content-type"],
                                          contentLocation: headers?["content-location"])
            let feed: ParsedFeed
            do {
                feed = try FeedParser().parse(try SampleDocuments.bytes(of: testCase), context: context)
            } catch {
                Issue.record("\(testCase.file): \(error)")
                continue
            }
            let json = try JSONSerialization.jsonObject(with: Data(FeedJSON.render(feed).utf8))
            for check in testCase.checks {
                let value = Self.value(at: check.path, in: json)
                #expect(Self.matches(value, check.expected, field: check.path),
                        "\(testCase.file) (\(testCase.description)): \(check.path) is \(value ?? "null"), expected \(check.expected ?? "null")")
            }
        }
    }

    /// The value at a path such as `entries[0].enclosures[1].url`, as a string (nil: absent or null).
    static func value(at path: String, in json: Any) -> String? {
        var current: Any? = json
        for component in path.split(separator: ".") {
            var name = Substring(component)
            var indexes: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]"), let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indexes.insert(index, at: 0)
                name = name[..<open]
            }
            current = (current as? [String: Any])?[String(name)]
            for index in indexes {
                guard let array = current as? [Any], array.indices.contains(index) else { return nil }
                current = array[index]
            }
        }
        return current as? String
    }

    static func matches(_ value: String?, _ expected: String?, field: String) -> Bool {
        guard let expected else { return value == nil }
        guard let value else { return false }
        let name = field.split(separator: ".").last.map { String($0.prefix { $0 != "[" }) } ?? field
        switch name {
        case "title", "author", "categories":
            return text(of: value) == text(of: expected)
        case "summary", "content":
            return text(of: value) == text(of: expected) && urls(in: expected).allSatisfy { value.contains($0) }
        default:
            return value.trimmingCharacters(in: .whitespacesAndNewlines) == expected
        }
    }

    /// What a reader sees: tags gone, the common entities decoded, white space collapsed.
    static func text(of html: String) -> String {
        var text = html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        text = text.replacingOccurrences(of: "\\s+([.,;:!?])", with: "$1", options: .regularExpression)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func urls(in html: String) -> [String] {
        guard let pattern = try? NSRegularExpression(pattern: "(?:href|src)=\"([^\"]+)\"") else { return [] }
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).compactMap { Range($0.range(at: 1), in: html).map { String(html[$0]) } }
    }
}

import Foundation
import Testing
import TestSupport
@testable import FeedParsing

/// Documents built to hurt a parser: each ends in an error or a partial feed, never a crash,
/// a hang, unbounded memory, or a file's content in the output.
@Suite struct HostileDocumentTests {
    func parse(_ text: String, limits: ParserLimits = ParserLimits()) throws -> ParsedFeed {
        try FeedParser(limits: limits).parse(Array(text.utf8))
    }

    @Test func billionLaughsIsBounded() throws {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let document = "<?xml version=\"1.0\"?><!DOCTYPE rss [\(declarations)]><rss><channel><title>&lol9;</title>"
            + "<item><title>after</title></item></channel></rss>"
        let feed = try parse(document)
        #expect((feed.title?.utf8.count ?? 0) < 1_000_000)
        #expect(!feed.recoveredProblems.isEmpty)
    }

    @Test func quadraticBlowupIsBounded() throws {
        let big = String(repeating: "x", count: 100_000)
        let document = "<!DOCTYPE rss [<!ENTITY a \"\(big)\">]><rss><channel><title>"
            + String(repeating: "&a;", count: 20_000) + "</title></channel></rss>"
        let feed = try parse(document, limits: ParserLimits(maxFieldBytes: 1 << 20))
        #expect((feed.title?.utf8.count ?? 0) <= 1 << 20)
        #expect(feed.recoveredProblems.contains { $0.contains("entity expansion") || $0.contains("longer than") })
    }

    @Test func externalEntitiesAreNeverRead() throws {
        let directory = try TemporaryDirectory(prefix: "feedd-xxe")
        defer { directory.remove() }
        let secretPath = directory.path + "/secret.txt"
        let marker = "SECRET-\(UUID().uuidString)"
        try marker.write(toFile: secretPath, atomically: true, encoding: .utf8)
        try "<!ENTITY leak \"\(marker)\">".write(toFile: directory.path + "/evil.dtd", atomically: true, encoding: .utf8)
        let documents = [
            "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://\(secretPath)\">]><rss><channel><title>a&xxe;b</title></channel></rss>",
            "<!DOCTYPE rss [<!ENTITY % pe SYSTEM \"file://\(directory.path)/evil.dtd\"> %pe;]><rss><channel><title>&leak;</title></channel></rss>",
            "<!DOCTYPE rss SYSTEM \"file://\(directory.path)/evil.dtd\"><rss><channel><title>&leak;</title></channel></rss>",
            "<rss xmlns:xi=\"http://www.w3.org/2001/XInclude\"><channel><title><xi:include href=\"file://\(secretPath)\" parse=\"text\"/></title></channel></rss>",
        ]
        for (index, document) in documents.enumerated() {
            let feed = try parse(document)
            let json = FeedJSON.render(feed)
            #expect(!json.contains(marker), "file content leaked: \(json)")
            // Entity tricks leave the feed reported as recovered, not as clean (an XInclude
            // element is just an unknown element).
            #expect(feed.recoveredProblems.isEmpty == (index == 3), "\(document): \(feed.recoveredProblems)")
        }
        let declared = try parse(documents[0])
        #expect(declared.recoveredProblems.contains { $0.contains("external entity 'xxe'") })
    }

    @Test func deepNestingStopsAtTheLimitKeepingEarlierEntries() throws {
        let document = "<rss><channel><item><title>kept</title></item><item>"
            + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</item></channel></rss>"
        let feed = try parse(document)
        #expect(feed.entries.first?.title == "kept")
        #expect(feed.recoveredProblems.contains { $0.contains("nested deeper") })
    }

    @Test func hugeElementIsCutToTheFieldLimit() throws {
        let document = "<rss><channel><item><title>" + String(repeating: "y", count: 8 << 20) + "</title></item></channel></rss>"
        let feed = try parse(document, limits: ParserLimits(maxFieldBytes: 1 << 20))
        #expect((feed.entries.first?.title?.utf8.count ?? 0) <= 1 << 20)
    }

    @Test func entryCountIsBounded() throws {
        let document = "<rss><channel>" + String(repeating: "<item><title>x</title></item>", count: 500) + "</channel></rss>"
        let feed = try parse(document, limits: ParserLimits(maxEntries: 100))
        #expect(feed.entries.count == 100)
        #expect(feed.recoveredProblems.contains { $0.contains("more than 100 entries") })
    }

    @Test func nulBytesAndInvalidUTF8AreRecovered() throws {
        var bytes = Array("<rss><channel><title>a".utf8) + [0, 0xFF, 0xFE, 0x80] + Array("b</title><item><title>i</title></item></channel></rss>".utf8)
        var feed = try FeedParser().parse(bytes)
        #expect(feed.entries.count == 1)
        #expect(feed.title?.hasPrefix("a") == true)
        bytes = Array("<rss><channel><title>".utf8) + [0xC3, 0x28, 0xA0, 0xA1] + Array("</title></channel></rss>".utf8)
        feed = try FeedParser().parse(bytes)
        #expect(feed.title != nil)
    }

    @Test func truncatedDocumentKeepsWhatItHas() throws {
        let feed = try parse("<rss><channel><title>t</title><item><title>one</title></item><item><title>two</ti")
        #expect(feed.entries.map(\.title) == ["one", "two"])
        #expect(!feed.recoveredProblems.isEmpty)
    }

    static let notFeeds: [(String, [UInt8], FeedParseError.Kind, String)] = [
        ("empty", [], .empty, "empty"),
        ("white space", Array(" \n\t ".utf8), .empty, "white space"),
        ("HTML page", Array("<!DOCTYPE html><html><head><title>x</title></head><body><p>hi</p></body></html>".utf8), .notAFeed, "HTML"),
        ("other XML", Array("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), .notAFeed, "<svg>"),
        ("JSON that is not a feed", Array("{\"hello\": [1, 2]}".utf8), .notAFeed, "JSON Feed"),
        ("JSON array", Array("[1, 2, 3]".utf8), .notAFeed, "JSON Feed"),
        ("broken JSON", Array("{\"version\": ".utf8), .malformed, "JSON"),
        ("plain text", Array("just some words".utf8), .notAFeed, "no markup"),
        ("binary", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }, .malformed, "not XML"),
        ("nesting before any feed element", Array(String(repeating: "<a>", count: 1_000).utf8), .limitExceeded, "nested deeper"),
    ]

    @Test(arguments: notFeeds)
    func notAFeedIsOneClearError(_ name: String, _ bytes: [UInt8], _ kind: FeedParseError.Kind, _ mention: String) {
        #expect {
            _ = try FeedParser().parse(bytes)
        } throws: { error in
            guard let error = error as? FeedParseError else { return false }
            return error.kind == kind && error.message.contains(mention)
        }
    }
}

/// Entries with thousands of categories or enclosures: each new one used to be compared with all
/// kept before it, so a megabyte of them took minutes.
@Suite struct EntryListLimitTests {
    @Test func categoriesAndEnclosuresPerEntryAreBounded() throws {
        let categories = (0..<30_000).map { "<category>c\($0)</category>" }.joined()
        let enclosures = (0..<5_000).map { "<enclosure url=\"/e\($0).mp3\" type=\"audio/mpeg\"/>" }.joined()
        let media = (0..<5_000).map { "<media:content url=\"/m\($0).mp3\"/>" }.joined()
        let document = "<rss xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>t</title><item><title>x</title>"
            + categories + enclosures + media + "</item><item><title>y</title>" + categories + "</item></channel></rss>"
        let limits = ParserLimits(maxTagsPerEntry: 100, maxEnclosuresPerEntry: 8)
        let feed = try FeedParser(limits: limits).parse(Array(document.utf8), context: DocumentContext(url: "https://example.com/"))
        #expect(feed.entries.count == 2)
        #expect(feed.entries[0].categories == (0..<100).map { "c\($0)" })
        #expect(feed.entries[0].enclosures.map(\.url) == (0..<8).map { "https://example.com/e\($0).mp3" })
        #expect(feed.entries[1].categories.count == 100)
        #expect(feed.recoveredProblems == ["kept the first 100 categories of an entry", "kept the first 8 enclosures of an entry"])
    }

    @Test func mediaContentFillsWhatEnclosuresLeave() throws {
        let document = """
            <rss xmlns:media="http://search.yahoo.com/mrss/"><channel><item><enclosure url="https://e/1.mp3"/>
            <media:content url="https://e/1.mp3"/><media:content url="https://e/2.mp3"/><media:content url="https://e/3.mp3"/>
            </item></channel></rss>
            """
        let feed = try FeedParser(limits: ParserLimits(maxEnclosuresPerEntry: 2)).parse(Array(document.utf8))
        #expect(feed.entries.first?.enclosures.map(\.url) == ["https://e/1.mp3", "https://e/2.mp3"])
    }
}

import Foundation
import Testing
@testable import FeedParsing

/// JSON Feed read straight from its bytes within the parser's limits, as the XML path is.
@Suite struct JSONFeedTests {
    private func parse(_ text: String, limits: ParserLimits = ParserLimits()) throws -> ParsedFeed {
        try FeedParser(limits: limits).parse(Array(text.utf8), context: DocumentContext(url: "https://example.com/feed.json"))
    }

    private func feed(items: [String], extra: String = "") -> String {
        #"{"version": "https://jsonfeed.org/version/1.1", "title": "T", \#(extra) "items": [\#(items.joined(separator: ","))]}"#
    }

    @Test func readsFieldsWhateverTheirOrder() throws {
        let parsed = try parse(feed(items: [
            #"{"content_text": "text", "content_html": "<p>html</p>", "author": {"name": "Single"}, "authors": [{"x": 1}, {"name": "First"}, {"name": "Second"}], "id": 17, "external_url": "/ext", "_ext": {"deep": [1, {"a": null}]}}"#,
            #"{"content_html": "  ", "content_text": "only text", "url": "/u", "external_url": "/ext", "id": "  x  ", "title": 5}"#,
            #""not an item""#,
            #"{"attachments": [{"url": "a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 1234}, {"mime_type": "no url"}, 7], "tags": ["a", 1, " ", "b"]}"#,
        ]))
        #expect(parsed.entries.count == 3)
        let first = parsed.entries[0]
        #expect(first.content == "<p>html</p>")
        #expect(first.author == "First")
        #expect(first.id == "17")
        #expect(first.link == "https://example.com/ext")
        let second = parsed.entries[1]
        #expect(second.content == "only text")
        #expect(second.link == "https://example.com/u")
        #expect(second.id == "x")
        #expect(second.title == nil)
        let third = parsed.entries[2]
        #expect(third.enclosures == [Enclosure(url: "https://example.com/a.mp3", type: "audio/mpeg", length: "1234")])
        #expect(third.categories == ["a", "b"])
        #expect(parsed.recoveredProblems.isEmpty)
    }

    @Test func decodesEscapes() throws {
        let parsed = try parse(feed(items: [#"{"title": "q\" b\\ s\/ \n\t \u00e9 \ud83d\ude00 \ud800x \u0041"}"#]))
        #expect(parsed.entries.first?.title == "q\" b\\ s/ \n\t é 😀 \u{FFFD}x A")
    }

    @Test func keepsTheFirstItemsTagsAndAttachments() throws {
        let tags = (0..<1_000).map { "\"t\($0)\"" }.joined(separator: ",")
        let attachments = (0..<500).map { #"{"url": "/a\#($0).mp3"}"# }.joined(separator: ",")
        let item = #"{"id": "big", "tags": [\#(tags)], "attachments": [\#(attachments)]}"#
        let limits = ParserLimits(maxEntries: 3, maxTagsPerEntry: 10, maxEnclosuresPerEntry: 4)
        let parsed = try parse(feed(items: Array(repeating: item, count: 5)), limits: limits)
        #expect(parsed.entries.count == 3)
        #expect(parsed.entries[0].categories == (0..<10).map { "t\($0)" })
        #expect(parsed.entries[0].enclosures.map(\.url) == (0..<4).map { "https://example.com/a\($0).mp3" })
        #expect(parsed.recoveredProblems == [
            "kept the first 3 of 5 items", "kept the first 10 tags of an item", "kept the first 4 attachments of an item",
        ])
    }

    @Test func cutsLongFieldsAtACharacterBoundary() throws {
        let parsed = try parse(feed(items: [#"{"title": "ééééé", "summary": "abc\u00e9def"}"#]), limits: ParserLimits(maxFieldBytes: 5))
        #expect(parsed.entries.first?.title == "éé")
        #expect(parsed.entries.first?.summary == "abcé")
        #expect(parsed.recoveredProblems == ["a field longer than 5 bytes was cut short"])
    }

    /// What feedd does not use is stepped over, not built: deep nesting and millions of values
    /// in an extension cost neither stack nor memory.
    @Test func skipsHugeAndDeepExtensions() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let wide = "[" + Array(repeating: "0", count: 300_000).joined(separator: ",") + "]"
        let objects = "[" + Array(repeating: #"{"k": {"k": [true, false, null, -1.5e-3]}}"#, count: 50_000).joined(separator: ",") + "]"
        let parsed = try parse(feed(items: [#"{"id": "1", "_x": \#(deep)}"#], extra: #""_deep": \#(deep), "_wide": \#(wide), "_objects": \#(objects),"#))
        #expect(parsed.entries.map(\.id) == ["1"])
    }

    @Test(arguments: [
        (#"{"version": "https://jsonfeed.org/version/1", "items": [}"#, "unexpected character at byte"),
        (#"{"version": "https://jsonfeed.org/version/1", "items": []"#, "unexpected end of the document"),
        (#"{"version": "https://jsonfeed.org/version/1", "title": "x}"#, "unterminated string"),
        (#"{"version": "https://jsonfeed.org/version/1"} trailing"#, "unexpected content after the JSON value"),
        (#"{"version": "https://jsonfeed.org/version/1", "title": "\x"}"#, "unknown escape \\x"),
        (#"{"version": "https://jsonfeed.org/version/1", "n": 1.}"#, "bad number"),
        (#"{"version": "https://jsonfeed.org/version/1", "_x": [[[1, 2}]]}"#, "expected \",\" or \"]\""),
        (#"{"version": "https://jsonfeed.org/version/1" "items": []}"#, "expected \",\" or \"}\""),
        ("[1, 2", "unexpected end of the document"),
    ])
    func brokenJSONIsMalformed(text: String, mention: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            guard let error = error as? FeedParseError else { return false }
            return error.kind == .malformed && error.message.hasPrefix("not valid JSON: ") && error.message.contains(mention)
        }
    }

    @Test func readsUTF16WithoutByteOrderMark() throws {
        let text = feed(items: [#"{"id": "é"}"#])
        for encoding in [String.Encoding.utf16LittleEndian, .utf16BigEndian] {
            let bytes = try #require(text.data(using: encoding))
            let parsed = try FeedParser().parse(Array(bytes))
            #expect(parsed.entries.first?.id == "é")
        }
    }
}

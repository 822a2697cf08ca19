import FeedArchive
import Foundation
import Testing

struct ArchiveRecordCodingTests {
    static let awkward = "quote \" backslash \\ slash / tab\t newline\n return\r nul\u{0} bell\u{7} del\u{7F} "
        + "esc\u{1B} ls\u{2028} ps\u{2029} euro € dash – emoji 😀🇺🇦 cjk 漢字 rtl עברית e\u{301} </script>"

    static let full = ArchiveRecord(
        canonicalURL: "https://news.example/a?b=c&d=%C3%A9",
        url: "https://News.Example:443/a?d=%c3%a9&b=c#frag",
        feedURL: "https://news.example/feed.xml",
        feedTitle: "Новости \"quoted\"",
        guid: "tag:news.example,2026:1\u{0}",
        title: awkward,
        author: "Zoë Ünïcode <zoe@news.example>",
        published: Date(timeIntervalSince1970: 1_780_000_000),
        updated: Date(timeIntervalSince1970: -86_401),
        fetchedAt: Date(timeIntervalSince1970: 1_780_100_000),
        summary: "",
        content: "<p>" + awkward + "</p>",
        contentText: String(repeating: "long text ", count: 2000),
        categories: ["", "Politik", awkward],
        enclosures: [ArchivedEnclosure(url: "https://cdn.example/ep 1.mp3", type: "audio/mpeg", length: "12345"),
                     ArchivedEnclosure(url: "https://cdn.example/x", type: nil, length: nil)],
        article: ArchivedArticle(status: "ok", url: "https://news.example/a", title: awkward, byline: "By Zoë",
                                 published: Date(timeIntervalSince1970: 1_779_990_000), text: "One.\n\nTwo " + awkward,
                                 captions: ["A photo (Photo: X)", awkward], image: "https://cdn.example/a.jpg", lang: "de")
    )

    static let sparse = ArchiveRecord(
        canonicalURL: "https://a.example/1", url: nil, feedURL: "https://a.example/feed", feedTitle: nil,
        guid: nil, title: nil, author: nil, published: nil, updated: nil,
        fetchedAt: Date(timeIntervalSince1970: 86400), summary: nil, content: nil, contentText: nil,
        categories: [], enclosures: []
    )

    @Test(arguments: [full, sparse])
    func roundTripsEveryField(record: ArchiveRecord) throws {
        let line = record.jsonLine
        #expect(try ArchiveRecord(jsonLine: line) == record)
        #expect(try ArchiveRecord(jsonLine: line.dropLast()) == record)
    }

    @Test(arguments: [full, sparse])
    func writesOneValidLine(record: ArchiveRecord) throws {
        let line = record.jsonLine
        #expect(line.last == 0x0A)
        #expect(line.filter { $0 < 0x20 } == [0x0A], "no raw control characters but the final newline")
        let text = try #require(String(validating: line, as: UTF8.self), "valid UTF-8")
        #expect(!text.contains("\u{2028}") && !text.contains("\u{2029}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(object["v"] as? Int == 1)
    }

    @Test func writesKeysInSchemaOrder() {
        var record = Self.sparse
        record.title = "T"
        record.published = Date(timeIntervalSince1970: 0)
        record.enclosures = [ArchivedEnclosure(url: "https://a.example/x.mp3", type: "audio/mpeg", length: "123")]
        let expected = #"{"v":1,"canonical_url":"https://a.example/1","url":null,"feed_url":"https://a.example/feed","#
            + #""feed_title":null,"guid":null,"title":"T","author":null,"published":"1970-01-01T00:00:00Z","#
            + #""updated":null,"fetched_at":"1970-01-02T00:00:00Z","summary":null,"content":null,"#
            + #""content_text":null,"categories":[],"enclosures":[{"url":"https://a.example/x.mp3","#
            + #""type":"audio/mpeg","length":"123"}],"article_url":null,"article_status":"skipped","#
            + #""article_title":null,"article_byline":null,"article_published":null,"article_text":null,"#
            + #""article_captions":[],"article_image":null,"article_lang":null}"# + "\n"
        #expect(String(decoding: record.jsonLine, as: UTF8.self) == expected)
    }

    static let escapes: [(text: String, json: String)] = [
        ("plain", #""plain""#),
        ("", #""""#),
        ("a\"b", #""a\"b""#),
        ("a\\b", #""a\\b""#),
        ("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
        ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
        ("\u{2028}x\u{2029}", #""\u2028x\u2029""#),
        ("€–‐…", "\"€–‐…\""), // other E2 sequences stay literal
        ("\u{7F}/<>", "\"\u{7F}/<>\""),
        ("😀", "\"😀\""),
    ]

    @Test(arguments: escapes)
    func escapesStrings(text: String, json: String) throws {
        var record = Self.sparse
        record.title = text
        let line = String(decoding: record.jsonLine, as: UTF8.self)
        #expect(line.contains(#""title":"# + json + #","author""#))
        #expect(try ArchiveRecord(jsonLine: record.jsonLine).title == text)
    }

    /// The encoder skips plain text eight bytes at a time: put each character that needs an
    /// escape at every offset of longer strings, among ASCII and among other multi-byte text.
    @Test(arguments: ["\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{2028}", "\u{2029}"], ["abcdefgh", "é€ж😀"])
    func escapesAtEveryOffset(special: String, filler: String) throws {
        let background = String(repeating: filler, count: 6)
        for offset in 0 ... background.count {
            var text = background
            text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: offset))
            var record = Self.sparse
            record.title = text
            let line = record.jsonLine
            #expect(line.filter { $0 < 0x20 } == [0x0A])
            #expect(!String(decoding: line, as: UTF8.self).contains("\u{2028}"))
            #expect(!String(decoding: line, as: UTF8.self).contains("\u{2029}"))
            let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            #expect(object?["title"] as? String == text, "offset \(offset)")
        }
    }

    @Test func writesUnrepresentableDatesAsNullAndClampsFetchedAt() throws {
        var record = Self.sparse
        record.published = Date(timeIntervalSince1970: 1e15)
        record.updated = Date(timeIntervalSince1970: .nan)
        record.fetchedAt = Date(timeIntervalSince1970: 1e15)
        let line = String(decoding: record.jsonLine, as: UTF8.self)
        #expect(line.contains(#""published":null,"updated":null,"fetched_at":"9999-12-31T23:59:59Z""#))
        #expect(try ArchiveRecord(jsonLine: record.jsonLine).published == nil)
    }

    @Test func appendsManyLinesToOneBuffer() throws {
        var bytes: [UInt8] = Array("prefix\n".utf8)
        Self.full.appendJSONLine(to: &bytes)
        Self.sparse.appendJSONLine(to: &bytes)
        #expect(bytes == Array("prefix\n".utf8) + Self.full.jsonLine + Self.sparse.jsonLine)
    }

    @Test func ignoresUnknownKeysAndMissingArrays() throws {
        let line = #"{"v":1,"canonical_url":"https://a.example/1","feed_url":"f","fetched_at":"2026-01-01T00:00:00Z","#
            + #""extra":{"nested":[1,2,{"x":null}]},"later_key":"ok"}"#
        let record = try ArchiveRecord(jsonLine: Array(line.utf8))
        #expect(record.canonicalURL == "https://a.example/1")
        #expect(record.categories == [] && record.enclosures == [] && record.title == nil)
        // A line written before page capture existed: no article keys, no status.
        #expect(record.article == ArchivedArticle(status: nil))
    }

    static let rejected: [(line: String, error: String)] = [
        (#"{"v":2,"canonical_url":"x"}"#, "schema version 2; this feedd reads version 1 only"),
        (#"{"v":2,"canonical_url":5}"#, "schema version 2"), // the version is checked first
        (#"{"v":0,"canonical_url":"x","feed_url":"f","fetched_at":"2026-01-01T00:00:00Z"}"#, "schema version 0"),
        (#"{"canonical_url":"x"}"#, #"missing key "v""#),
        (#"{"v":1,"feed_url":"f","fetched_at":"2026-01-01T00:00:00Z"}"#, #"missing key "canonical_url""#),
        (#"{"v":1,"canonical_url":7,"feed_url":"f","fetched_at":"2026-01-01T00:00:00Z"}"#, "canonical_url: expected a string"),
        (#"{"v":1,"canonical_url":"x","feed_url":"f","fetched_at":null}"#, "fetched_at"),
        (#"{"v":1,"canonical_url":"x","feed_url":"f","fetched_at":"2026-01-01T00:00:00Z","published":"Tue, 3 Jun 2003"}"#,
         "published: \"Tue, 3 Jun 2003\" is not YYYY-MM-DDTHH:MM:SSZ"),
        (#"{"v":1,"canonical_url":"x","feed_url":"f","fetched_at":"2026-01-01T00:00:00Z","enclosures":[{"type":"a"}]}"#,
         "enclosures"),
        ("not json", "not valid JSON"),
        (#"{"v":1,"canonical_url":"x""#, "not valid JSON"),
        ("[1,2]", "not an archive record: the line is not a JSON object"),
        ("", "not an archive record"),
    ]

    @Test(arguments: rejected)
    func rejectsWithAClearError(line: String, error expected: String) {
        #expect {
            _ = try ArchiveRecord(jsonLine: Array(line.utf8))
        } throws: { error in
            String(describing: error).contains(expected)
        }
    }
}

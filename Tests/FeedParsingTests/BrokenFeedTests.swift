import Testing
@testable import FeedParsing

/// Feeds broken the way publishers break them, read as feedparser reads them.
@Suite struct BrokenFeedTests {
    struct Case: CustomStringConvertible, Sendable {
        var description: String
        var document: String
        var titles: [String?]
        var links: [String?]
        var summary: String? = nil
        var isWellFormed = false
    }

    static let cases: [Case] = [
        Case(description: "unclosed HTML inside a description",
             document: "<rss><channel><item><title>A</title><description><p>para <br> text</description><link>http://x/1</link></item>"
                + "<item><title>B</title></item></channel></rss>",
             titles: ["A", "B"], links: ["http://x/1", nil], summary: "<p>para <br /> text</p>"),
        Case(description: "a stray end tag inside text",
             document: "<rss><channel><item><title>A</b> still A</title><link>http://x/1</link></item></channel></rss>",
             titles: ["A still A"], links: ["http://x/1"]),
        Case(description: "an unclosed item before the next",
             document: "<rss><channel><item><title>A</title><link>http://x/1</link><item><title>B</title><link>http://x/2</link></item></channel></rss>",
             titles: ["A", "B"], links: ["http://x/1", "http://x/2"]),
        Case(description: "an attribute value without quotes",
             document: "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>A</title><link href=http://x/1 /></entry></feed>",
             titles: ["A"], links: ["http://x/1"]),
        Case(description: "bare ampersands and a less-than sign in text",
             document: "<rss><channel><item><title>Q&A: 1 < 2</title><link>http://x/?a=1&b=2</link></item></channel></rss>",
             titles: ["Q&A: 1 < 2"], links: ["http://x/?a=1&b=2"]),
        Case(description: "an undefined entity after an error keeps decoding",
             document: "<rss><channel><item><title>x &#X41; &amp; &eacute;</title></item></channel></rss>",
             titles: ["x A & é"], links: [nil]),
        Case(description: "an undeclared namespace prefix",
             document: "<rss><channel><item><title>A</title><dc:creator>Me</dc:creator><content:encoded>C</content:encoded></item></channel></rss>",
             titles: ["A"], links: [nil]),
        Case(description: "element names in upper case",
             document: "<RSS><CHANNEL><ITEM><TITLE>A</TITLE><LINK>http://x/1</LINK></ITEM></CHANNEL></RSS>",
             titles: ["A"], links: ["http://x/1"], isWellFormed: true),
        Case(description: "an XML declaration after a comment",
             document: "<!-- generated --><?xml version='1.0'?><rss><channel><item><title>A</title></item></channel></rss",
             titles: ["A"], links: [nil]),
    ]

    @Test(arguments: cases)
    func recovers(_ testCase: Case) throws {
        let feed = try FeedParser().parse(Array(testCase.document.utf8))
        #expect(feed.entries.map(\.title) == testCase.titles)
        #expect(feed.entries.map(\.link) == testCase.links)
        if let summary = testCase.summary {
            #expect(feed.entries.first?.summary == summary)
        }
        #expect(feed.recoveredProblems.isEmpty == testCase.isWellFormed)
    }

    @Test func undeclaredPrefixesStillMeanTheirUsualNamespaces() throws {
        let feed = try FeedParser().parse(Array(
            "<rss><channel><item><dc:creator>Me</dc:creator><content:encoded>C</content:encoded></item></channel></rss>".utf8))
        #expect(feed.entries.first?.author == "Me")
        #expect(feed.entries.first?.content == "C")
    }
}

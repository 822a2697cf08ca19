import Testing
@testable import FeedParsing

/// Which link an entry gets, and how relative links resolve: xml:base at every level,
/// the document URL and Content-Location as the outermost base.
@Suite struct LinkTests {
    struct Case: CustomStringConvertible, Sendable {
        var description: String
        var document: String
        var context = DocumentContext()
        var link: String?
        var content: String? = nil
    }

    static let cases: [Case] = [
        Case(description: "RSS link relative to the document URL",
             document: "<rss><channel><item><link>/a/b</link></item></channel></rss>",
             context: DocumentContext(url: "https://example.com/feed/rss.xml"), link: "https://example.com/a/b"),
        Case(description: "Content-Location wins over the URL",
             document: "<rss><channel><item><link>b</link></item></channel></rss>",
             context: DocumentContext(url: "https://example.com/feed", contentLocation: "https://other.example/dir/x"),
             link: "https://other.example/dir/b"),
        Case(description: "relative Content-Location resolves against the URL",
             document: "<rss><channel><item><link>b</link></item></channel></rss>",
             context: DocumentContext(url: "https://example.com/feed", contentLocation: "/dir/x"), link: "https://example.com/dir/b"),
        Case(description: "no base: the link stays relative",
             document: "<rss><channel><item><link>/a</link></item></channel></rss>", link: "/a"),
        Case(description: "xml:base on the feed",
             document: "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='https://example.com/blog/'><entry><link href='post'/></entry></feed>",
             link: "https://example.com/blog/post"),
        Case(description: "nested xml:base resolves against its parent",
             document: """
                <feed xmlns='http://www.w3.org/2005/Atom' xml:base='https://example.com/a/'>
                <entry xml:base='b/'><link xml:base='c/' href='d'/></entry></feed>
                """,
             context: DocumentContext(url: "https://ignored.example/"), link: "https://example.com/a/b/c/d"),
        Case(description: "xml:base relative to the document URL",
             document: "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='/root/'><entry><link href='x'/></entry></feed>",
             context: DocumentContext(url: "https://example.com/feeds/atom"), link: "https://example.com/root/x"),
        Case(description: "a javascript: base is ignored",
             document: "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='https://example.com/'><entry xml:base='javascript:alert(1)'><link href='x'/></entry></feed>",
             link: "https://example.com/x"),
        Case(description: "rel=alternate wins over other rels",
             document: """
                <feed xmlns='http://www.w3.org/2005/Atom'><entry>
                <link rel='related' href='https://example.com/r'/><link rel='alternate' href='https://example.com/a'/>
                <link rel='replies' href='https://example.com/c'/></entry></feed>
                """, link: "https://example.com/a"),
        Case(description: "a link with no rel is the alternate",
             document: "<feed xmlns='http://www.w3.org/2005/Atom'><entry><link href='https://example.com/n'/></entry></feed>",
             link: "https://example.com/n"),
        Case(description: "an alternate of a non-HTML type is not the link",
             document: """
                <feed xmlns='http://www.w3.org/2005/Atom'><entry><id>urn:x</id>
                <link rel='alternate' type='application/pdf' href='https://example.com/p.pdf'/></entry></feed>
                """, link: "urn:x"),
        Case(description: "a permalink guid stands in for a missing link",
             document: "<rss><channel><item><guid>https://example.com/g</guid></item></channel></rss>",
             link: "https://example.com/g"),
        Case(description: "a guid that is not a permalink does not",
             document: "<rss><channel><item><guid isPermaLink='false'>https://example.com/g</guid></item></channel></rss>",
             link: nil),
        Case(description: "the RSS link wins over a permalink guid",
             document: "<rss><channel><item><guid>https://example.com/g</guid><link>https://example.com/l</link></item></channel></rss>",
             link: "https://example.com/l"),
        Case(description: "an empty href is the base",
             document: "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='https://example.com/x'><entry><link href=''/></entry></feed>",
             link: "https://example.com/x"),
        Case(description: "links inside escaped HTML resolve against the content's base",
             document: """
                <feed xmlns='http://www.w3.org/2005/Atom'><entry><link href='https://example.com/e'/>
                <content type='html' xml:base='https://cdn.example/img/'>&lt;img src="p.png"&gt; &lt;a href='../x?a=1&amp;amp;b=2'&gt;x&lt;/a&gt; &lt;a href="https://abs.example/"&gt;y&lt;/a&gt;</content>
                </entry></feed>
                """,
             link: "https://example.com/e",
             content: "<img src=\"https://cdn.example/img/p.png\"> <a href=\"https://cdn.example/x?a=1&amp;b=2\">x</a> <a href=\"https://abs.example/\">y</a>"),
        Case(description: "links inside inline XHTML resolve",
             document: """
                <feed xmlns='http://www.w3.org/2005/Atom' xml:base='https://example.com/dir/'><entry>
                <content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><a href='p'>p</a></div></content></entry></feed>
                """,
             link: nil, content: "<a href=\"https://example.com/dir/p\">p</a>"),
        Case(description: "ampersands in a query string survive",
             document: "<rss><channel><item><link>http://example.com/?a=1&b=2&c</link></item></channel></rss>",
             link: "http://example.com/?a=1&b=2&c"),
    ]

    @Test(arguments: cases)
    func resolves(_ testCase: Case) throws {
        let feed = try FeedParser().parse(Array(testCase.document.utf8), context: testCase.context)
        let entry = try #require(feed.entries.first)
        #expect(entry.link == testCase.link)
        if let content = testCase.content {
            #expect(entry.content == content)
        }
    }

    @Test func feedburnerOriginalLink() throws {
        let feed = try FeedParser().parse(Array("""
            <rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><item>
            <link>https://feeds.feedburner.com/~r/x/1</link><feedburner:origLink>https://example.com/1</feedburner:origLink>
            </item></channel></rss>
            """.utf8))
        #expect(feed.entries.first?.link == "https://feeds.feedburner.com/~r/x/1")
        #expect(feed.entries.first?.originalLink == "https://example.com/1")
    }

    @Test func mediaContentIsAnEnclosureUnlessAlreadyOne() throws {
        let feed = try FeedParser().parse(Array("""
            <rss xmlns:media="http://search.yahoo.com/mrss/"><channel><item>
            <media:content url="https://example.com/v.mp4" type="video/mp4" fileSize="9"/>
            <enclosure url="https://example.com/a.mp3" type="audio/mpeg" length="1"/>
            <media:content url="https://example.com/a.mp3" type="audio/mpeg"/>
            </item></channel></rss>
            """.utf8))
        #expect(feed.entries.first?.enclosures.map(\.url) == ["https://example.com/a.mp3", "https://example.com/v.mp4"])
    }
}

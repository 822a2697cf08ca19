import Foundation
import Testing
@testable import FeedParsing

/// One document of each format feedd reads, with the fields an archive keeps.
@Suite struct FormatTests {
    func parse(_ xml: String, _ context: DocumentContext = DocumentContext()) throws -> ParsedFeed {
        try FeedParser().parse(Array(xml.utf8), context: context)
    }

    static let rssVersions: [(String, FeedFormat)] = [
        ("0.91", .rss091), ("0.92", .rss092), ("0.93", .rss093), ("0.94", .rss094), ("2.0", .rss20), ("", .rss20),
    ]

    @Test(arguments: rssVersions)
    func detectsRSSVersions(_ version: String, _ format: FeedFormat) throws {
        let feed = try parse("<rss version=\"\(version)\"><channel><title>T</title><item><title>I</title></item></channel></rss>")
        #expect(feed.format == format)
        #expect(feed.title == "T")
        #expect(feed.entries.map(\.title) == ["I"])
    }

    @Test func readsRSS2WithNamespaces() throws {
        let feed = try parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
            <channel>
              <title>Example &amp; Co</title><link>https://example.com/</link><ttl>30</ttl>
              <sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>
              <skipHours><hour>0</hour><hour>24</hour><hour>7</hour></skipHours>
              <skipDays><day>Saturday</day><day>Sunday</day></skipDays>
              <item>
                <title>First</title>
                <link>https://example.com/1</link>
                <guid isPermaLink="false">item-1</guid>
                <dc:creator>Ann Author</dc:creator>
                <pubDate>Tue, 03 Jun 2003 09:39:21 GMT</pubDate>
                <category>news</category><category domain="x">tech</category>
                <description>Short &lt;b&gt;summary&lt;/b&gt;</description>
                <content:encoded><![CDATA[<p>Full <em>text</em></p>]]></content:encoded>
                <enclosure url="https://example.com/a.mp3" type="audio/mpeg" length="1234"/>
              </item>
              <item><title>Second</title><guid>https://example.com/2</guid></item>
            </channel></rss>
            """)
        #expect(feed.format == .rss20)
        #expect(feed.title == "Example & Co")
        #expect(feed.link == "https://example.com/")
        #expect(feed.pollingHints == PollingHints(ttlMinutes: 30, syndicationInterval: 21_600, skipHours: [0, 7], skipDays: [1, 7]))
        let first = try #require(feed.entries.first)
        #expect(first.id == "item-1")
        #expect(first.idIsPermalink == false)
        #expect(first.link == "https://example.com/1")
        #expect(first.author == "Ann Author")
        #expect(first.published.map(FeedDate.iso8601) == "2003-06-03T09:39:21Z")
        #expect(first.categories == ["news", "tech"])
        #expect(first.summary == "Short <b>summary</b>")
        #expect(first.content == "<p>Full <em>text</em></p>")
        #expect(first.enclosures == [Enclosure(url: "https://example.com/a.mp3", type: "audio/mpeg", length: "1234")])
        // A permalink guid stands in for the missing link.
        #expect(feed.entries[1].link == "https://example.com/2")
        #expect(feed.entries[1].idIsPermalink)
    }

    @Test func readsRSS1AndRSS090() throws {
        let rss1 = try parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://example.com/"><title>RDF</title><link>https://example.com/</link></channel>
              <item rdf:about="https://example.com/a"><title>A</title><link>https://example.com/a</link>
                <dc:date>2003-12-31T10:14:55Z</dc:date><dc:subject>topic</dc:subject></item>
            </rdf:RDF>
            """)
        #expect(rss1.format == .rss10)
        #expect(rss1.title == "RDF")
        #expect(rss1.entries.first?.id == "https://example.com/a")
        #expect(rss1.entries.first?.updated.map(FeedDate.iso8601) == "2003-12-31T10:14:55Z")
        #expect(rss1.entries.first?.categories == ["topic"])

        let rss090 = try parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
              <channel><title>Old</title><link>https://example.com/</link></channel>
              <item><title>X</title><link>https://example.com/x</link></item>
            </rdf:RDF>
            """)
        #expect(rss090.format == .rss090)
        #expect(rss090.entries.first?.link == "https://example.com/x")
    }

    @Test func readsAtom10() throws {
        let feed = try parse("""
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title type="html">Atom &lt;i&gt;feed&lt;/i&gt;</title>
              <link rel="self" href="https://example.com/feed"/><link href="https://example.com/"/>
              <entry>
                <id>tag:example.com,2024:1</id>
                <title>Entry</title>
                <link rel="related" href="https://example.com/related"/>
                <link rel="alternate" type="text/html" href="https://example.com/entry"/>
                <link rel="enclosure" type="video/mp4" length="42" href="https://example.com/v.mp4"/>
                <published>2024-01-31T12:00:00+01:00</published>
                <updated>2024-02-01T00:00:00Z</updated>
                <author><name>Ann</name><email>ann@example.com</email></author>
                <category term="one"/><category term="two" label="Two"/>
                <summary>Plain &lt;summary&gt;</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b><br/></p></div></content>
              </entry>
            </feed>
            """)
        #expect(feed.format == .atom10)
        #expect(feed.title == "Atom <i>feed</i>")
        #expect(feed.link == "https://example.com/")
        let entry = try #require(feed.entries.first)
        #expect(entry.id == "tag:example.com,2024:1")
        #expect(entry.idIsPermalink == false)
        #expect(entry.link == "https://example.com/entry")
        #expect(entry.published.map(FeedDate.iso8601) == "2024-01-31T11:00:00Z")
        #expect(entry.updated.map(FeedDate.iso8601) == "2024-02-01T00:00:00Z")
        #expect(entry.author == "Ann")
        #expect(entry.categories == ["one", "two"])
        #expect(entry.summary == "Plain <summary>")
        #expect(entry.content == "<p>Hello <b>world</b><br /></p>")
        #expect(entry.enclosures == [Enclosure(url: "https://example.com/v.mp4", type: "video/mp4", length: "42")])
    }

    @Test func readsAtom03() throws {
        let feed = try parse("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title>Old Atom</title><link rel="alternate" type="text/html" href="https://example.com/"/>
              <entry>
                <title mode="base64" type="text/html">PGI+Qm9sZDwvYj4=</title>
                <link rel="alternate" type="text/html" href="https://example.com/e"/>
                <issued>2004-01-01T19:48:21Z</issued><modified>2004-01-02T00:00:00Z</modified>
                <content type="text/html" mode="escaped">&lt;p&gt;Body&lt;/p&gt;</content>
              </entry>
            </feed>
            """)
        #expect(feed.format == .atom03)
        let entry = try #require(feed.entries.first)
        #expect(entry.title == "<b>Bold</b>")
        #expect(entry.published.map(FeedDate.iso8601) == "2004-01-01T19:48:21Z")
        #expect(entry.updated.map(FeedDate.iso8601) == "2004-01-02T00:00:00Z")
        #expect(entry.content == "<p>Body</p>")
        // Content with no summary stands in for the summary, as in feedparser.
        #expect(entry.summary == "<p>Body</p>")
    }

    @Test func readsJSONFeed() throws {
        let json11 = try parse("""
            {"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://example.com/",
             "items": [{"id": "1", "url": "/posts/1", "title": "One", "content_html": "<p>Hi</p>", "summary": "S",
                        "date_published": "2024-01-31T12:00:00Z", "authors": [{"name": "Ann"}], "tags": ["a", "b"],
                        "attachments": [{"url": "https://example.com/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 10}]},
                       {"id": 2, "content_text": "plain"}]}
            """, DocumentContext(url: "https://example.com/feed.json"))
        #expect(json11.format == .jsonFeed11)
        #expect(json11.title == "J")
        #expect(json11.link == "https://example.com/")
        let first = try #require(json11.entries.first)
        #expect(first.link == "https://example.com/posts/1")
        #expect(first.author == "Ann")
        #expect(first.categories == ["a", "b"])
        #expect(first.published.map(FeedDate.iso8601) == "2024-01-31T12:00:00Z")
        #expect(first.enclosures == [Enclosure(url: "https://example.com/a.mp3", type: "audio/mpeg", length: "10")])
        #expect(json11.entries[1].id == "2")
        #expect(json11.entries[1].content == "plain")

        let json10 = try parse("""
            {"version": "https://jsonfeed.org/version/1", "title": "Old", "items": [{"id": "x", "author": {"name": "Bo"}}]}
            """)
        #expect(json10.format == .jsonFeed10)
        #expect(json10.entries.first?.author == "Bo")
    }

    @Test func decodesHTMLEntitiesXMLLeavesUndefined() throws {
        let feed = try parse("<rss><channel><title>caf&eacute;&nbsp;&mdash; &amp; &unknown; &#8217;</title></channel></rss>")
        #expect(feed.title == "café\u{A0}— & &unknown; \u{2019}")
    }

    @Test func keepsCDATAAndNakedMarkup() throws {
        let feed = try parse("""
            <rss><channel><item>
              <title><![CDATA[A & B <i>c</i>]]></title>
              <description><p>Naked <b>markup</b></p></description>
            </item></channel></rss>
            """)
        #expect(feed.entries.first?.title == "A & B <i>c</i>")
        #expect(feed.entries.first?.summary == "<p>Naked <b>markup</b></p>")
    }
}

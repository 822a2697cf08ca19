import FeedSubscriptions
import Testing

@Suite struct FeedLinkFinderTests {
    private func links(_ html: String, page: String = "https://site.example/blog/post.html", contentType: String? = nil) -> [FeedLink] {
        FeedLinkFinder.links(inHTML: Array(html.utf8), pageURL: page, contentType: contentType)
    }

    @Test func alternateLinksResolvedAgainstThePage() {
        let found = links("""
        <!DOCTYPE html><html><head><title>Blog</title>
        <link rel="stylesheet" href="/style.css">
        <link rel="alternate" type="application/rss+xml" title="Posts" href="feed.xml">
        <LINK REL="Alternate" TYPE="application/atom+xml" HREF="/atom.xml" title="Atom">
        <link rel="alternate" type="application/feed+json" href="//cdn.example/feed.json">
        <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
        <link rel="alternate" type="application/rss+xml" href="feed.xml">
        </head><body><p>Hello</p></body></html>
        """)
        #expect(found == [
            FeedLink(url: "https://site.example/blog/feed.xml", title: "Posts", origin: .alternate(type: "application/rss+xml")),
            FeedLink(url: "https://site.example/atom.xml", title: "Atom", origin: .alternate(type: "application/atom+xml")),
            FeedLink(url: "https://cdn.example/feed.json", origin: .alternate(type: "application/feed+json")),
        ])
    }

    @Test func baseHrefAppliesToEveryLink() {
        let found = links("""
        <html><head>
        <link rel="alternate" type="application/rss+xml" href="rss">
        <base href="https://mirror.example/site/">
        </head></html>
        """)
        #expect(found.map(\.url) == ["https://mirror.example/site/rss"])
    }

    @Test func brokenMarkupTypeParametersAndRelLists() {
        let found = links("""
        <html><head><title>Broken <b>markup
        <link rel="alternate feed" type="application/rss+xml; charset=utf-8" href=/unquoted.rss>
        <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/12">
        <link rel="alternate" type="application/json" title="JSON Feed" href="/feed.json">
        <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
        <body><div><link rel="alternate" type="application/atom+xml" href="/late.atom"></div>
        """)
        #expect(found.map(\.url) == [
            "https://site.example/unquoted.rss", "https://site.example/feed.json", "https://site.example/late.atom",
        ])
    }

    @Test func charsetFromTheHeaderDecodesTitles() {
        let latin1: [UInt8] = Array("<html><head><link rel=alternate type=application/rss+xml title=\"Caf".utf8) + [0xE9]
            + Array("\" href=/f></head></html>".utf8)
        let found = FeedLinkFinder.links(inHTML: latin1, pageURL: "http://x.example/", contentType: "text/html; charset=ISO-8859-1")
        #expect(found.first?.title == "Café")
    }

    @Test func notHTMLOrNoLinks() {
        #expect(links("").isEmpty)
        #expect(links("<html><body>nothing here</body></html>").isEmpty)
        #expect(links(String(repeating: "\u{0}\u{1}binary", count: 100)).isEmpty)
    }

    @Test func commonLocationsAreAtTheSiteRoot() {
        #expect(FeedLinkFinder.commonLocations(for: "https://site.example/blog/post.html?x=1").map(\.url) == [
            "https://site.example/feed", "https://site.example/rss.xml", "https://site.example/atom.xml", "https://site.example/index.xml",
        ])
    }
}

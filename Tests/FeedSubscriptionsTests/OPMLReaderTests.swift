import Foundation
import FeedSubscriptions
import Testing

@Suite struct OPMLReaderTests {
    @Test func netNewsWireExportWithFolders() throws {
        let feeds = try OPMLFixtures.read("real/netnewswire-Subs.opml")
        #expect(feeds.count == 207)
        #expect(feeds.filter { $0.categories.isEmpty }.count == 69)
        #expect(feeds.filter { $0.categories == ["Programming"] }.count == 33)
        #expect(feeds.filter { $0.categories == ["Macintosh"] }.count == 5)
        #expect(feeds.filter { $0.categories == ["Weblogs"] }.count == 97)
        #expect(feeds.filter { $0.categories == ["Writers"] }.count == 3)
        let first = try #require(feeds.first)
        #expect(first == Subscription(url: "http://daringfireball.net/feeds/main", title: "Daring Fireball",
                                      siteURL: "http://daringfireball.net/", line: 7))
        #expect(feeds.contains { $0.title == "chat & code" })
        #expect(feeds.contains { $0.title == "Learn Swift ↯" && $0.url == "http://swift.ayaka.me/posts?format=RSS" })
        // An empty htmlUrl="" is no site URL.
        #expect(feeds.first { $0.title == "Julia Evans" }?.siteURL == nil)
        #expect(feeds.last?.url == "http://www.gerrold.com/feed/")
        #expect(feeds.last?.categories == ["Writers"])
    }

    @Test func netNewsWireDefaultList() throws {
        let feeds = try OPMLFixtures.read("real/netnewswire-DefaultFeeds.opml")
        #expect(feeds.count == 16)
        #expect(feeds.map(\.url).prefix(2) == ["http://inessential.com/feed.json", "https://cate.blog/feed/"])
        #expect(feeds.allSatisfy { $0.categories.isEmpty && $0.title != nil })
    }

    @Test func latin1WithEscapes() throws {
        let feeds = try OPMLFixtures.read("quirks/latin1.opml")
        #expect(feeds.map(\.title) == ["Café Society", "Markets > Bonds", "Word of the Day"])
        #expect(feeds[1].siteURL == "https://markets.example/index.html?section=bonds&partner=rss")
    }

    @Test func nestedFoldersBecomeAPath() throws {
        let feeds = try OPMLFixtures.read("quirks/rssowl-nested.opml")
        #expect(feeds.map(\.categories) == [["My Feeds/Science"], ["My Feeds/Science"], ["My Feeds/Local"]])
        #expect(feeds.map(\.title) == ["Orbital Notes", "Lab Bench", "Harbour Gazette"])
    }

    @Test func freshRSSExport() throws {
        let feeds = try OPMLFixtures.read("quirks/freshrss.opml")
        #expect(feeds.map(\.url) == [
            "https://code.example/project/releases.atom",
            "https://video.example/feeds/videos.xml?channel_id=UC123&lang=en",
            "https://page.example/news.html",
        ])
        #expect(feeds.map(\.categories) == [["Uncategorized"], ["Video"], ["Video"]])
    }

    @Test func handEditedQuirks() throws {
        let feeds = try OPMLFixtures.read("quirks/hand-edited.opml")
        let byTitle = Dictionary(feeds.map { ($0.title ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byTitle["Search"]?.url == "https://search.example/rss?q=swift&sort=date")
        #expect(byTitle["archæology"]?.url == "https://digs.example/feed")
        #expect(byTitle["Shouty"]?.url == "https://shouty.example/feed")
        #expect(byTitle["Old browser link"]?.url == "http://legacy.example/rss.xml")
        #expect(byTitle["Padded"]?.url == "https://padded.example/feed.xml")
        #expect(byTitle["Tagged"]?.categories == ["grouping", "tag", "parent/child"])
        #expect(byTitle["Inside"]?.categories == ["Empty folder"])
        #expect(byTitle["Another list"] == nil, "an include outline is not a feed")
        #expect(feeds.count == 7)
        #expect(byTitle["Search"]?.line == 6)
    }

    @Test func newsboatExport() throws {
        let feeds = try OPMLFixtures.read("quirks/newsboat.opml")
        #expect(feeds.map(\.title) == ["Terminal Tales", "Kernel & Friends"])
    }

    @Test func brokenFilesAreErrorsWithTheirLine() throws {
        let unclosed = OPMLFixtures.path("quirks/broken-unclosed.opml")
        let error = #expect(throws: OPMLError.self) { try OPMLReader.read(file: unclosed) }
        #expect(error?.file == unclosed)
        #expect(error?.line == 8)
        #expect(error?.description.hasPrefix("\(unclosed):8: not well-formed XML: ") == true, "\(String(describing: error))")

        let rss = #expect(throws: OPMLError.self) { try OPMLFixtures.read("quirks/not-opml.xml") }
        #expect(rss?.message.contains("<rss>") == true)
        let headless = #expect(throws: OPMLError.self) { try OPMLFixtures.read("quirks/no-body.opml") }
        #expect(headless?.message.contains("no <body>") == true)
        let missing = #expect(throws: OPMLError.self) { try OPMLReader.read(file: "/nonexistent/list.opml") }
        #expect(missing?.description == "/nonexistent/list.opml: cannot read: No such file or directory")
        let empty = #expect(throws: OPMLError.self) { try OPMLReader.read(Array(" \n".utf8), file: "empty.opml") }
        #expect(empty?.message.contains("empty") == true)
        let truncated = #expect(throws: OPMLError.self) {
            try OPMLReader.read(Array("<opml version=\"2.0\">\n<body>\n<outline xmlUrl=\"https://a.example/\"".utf8), file: "cut.opml")
        }
        #expect(truncated?.line == 3)
    }

    @Test func entitiesAreNeverExpandedFromOutside() throws {
        // An external entity must not be read (no file, no network); the document is refused
        // or the entity left empty, never filled with /etc/passwd.
        let document = """
        <?xml version="1.0"?>
        <!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <opml version="2.0"><body><outline text="&secret;" xmlUrl="https://a.example/feed"/></body></opml>
        """
        let feeds = (try? OPMLReader.read(Array(document.utf8), file: "xxe.opml")) ?? []
        #expect(feeds.allSatisfy { !($0.title ?? "").contains("root:") })
    }
}

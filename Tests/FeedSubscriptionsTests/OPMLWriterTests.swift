import Foundation
import FeedSubscriptions
import Testing

@Suite struct OPMLWriterTests {
    @Test func writtenThenReadIsTheSameList() throws {
        let subscriptions = [
            Subscription(url: "https://plain.example/feed.xml", title: "Plain"),
            Subscription(url: "https://q.example/rss?a=1&b=2", title: "Quotes \"here\" & <there> 'too'",
                         categories: ["Tech/Linux", "later"], siteURL: "https://q.example/", interval: 900),
            Subscription(url: "https://tab.example/feed", title: "Tab\tand\\backslash", categories: ["Tech/Linux"]),
            Subscription(url: "https://unicode.example/ф", title: "Ünïcødé ❤ 日本", categories: ["Tech"]),
            Subscription(url: "https://untitled.example/feed"),
        ]
        let bytes = OPMLWriter.document(subscriptions, title: "feedd subscriptions")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml"))
        #expect(text.contains("version=\"2.0\""))
        let read = try OPMLReader.read(bytes, file: "written.opml")
        func comparable(_ list: [Subscription]) -> [Subscription] {
            list.map { var copy = $0; copy.line = nil; copy.title = copy.title ?? copy.url; return copy }
        }
        #expect(comparable(read) == comparable(subscriptions))
        #expect(read.first { $0.url.hasPrefix("https://q.") }?.interval == 900)
    }

    @Test func charactersXMLCannotHoldAreReplaced() throws {
        let bytes = OPMLWriter.document([Subscription(url: "https://c.example/", title: "bell\u{7}here")], title: "t")
        let read = try OPMLReader.read(bytes, file: "control.opml")
        #expect(read.first?.title == "bell\u{FFFD}here")
    }

    @Test func foldersNestAndAreSharedAcrossFeeds() throws {
        let bytes = OPMLWriter.document([
            Subscription(url: "https://a.example/", title: "A", categories: ["Tech/Linux"]),
            Subscription(url: "https://b.example/", title: "B", categories: ["Tech"]),
            Subscription(url: "https://c.example/", title: "C", categories: ["Tech/Linux"]),
        ], title: "t")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "text=\"Tech\"").count == 2, "one Tech folder: \(text)")
        #expect(text.components(separatedBy: "text=\"Linux\"").count == 2, "one Linux folder: \(text)")
    }
}

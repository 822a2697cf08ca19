import Foundation
import Testing
import TestSupport
@testable import FeedParsing

@Suite struct HTMLTextTests {
    static let cases: [(String, String)] = [
        ("plain text", "plain text"),
        ("  spread \n\t out  ", "spread out"),
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("line<br>break<br/>again", "line\nbreak\nagain"),
        ("<ul><li>a</li><li>b</li></ul>", "a\nb"),
        ("<b>bold</b> and <i>italic</i>", "bold and italic"),
        ("caf&eacute; &amp; cr&egrave;me &#8217; &#x2014;", "café & crème ’ —"),
        ("<script>alert(1)</script>shown<style>p{}</style>", "shown"),
        ("<div><h1>Title</h1>Body text</div>", "Title\n\nBody text"),
        ("<p>unclosed <b>bold<p>next", "unclosed bold\n\nnext"),
        ("a &lt;b&gt; c", "a <b> c"),
        ("", ""),
        ("<img src=x alt=y>", ""),
        ("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>", "12\n3"),
    ]

    @Test(arguments: cases)
    func plainText(_ html: String, _ expected: String) {
        #expect(HTMLText.plainText(html) == expected)
    }
}

@Suite struct FeedJSONTests {
    @Test func rendersTheConformanceShape() throws {
        let feed = ParsedFeed(
            format: .rss20, title: "T \"quoted\"", link: "https://example.com/",
            entries: [ParsedEntry(
                id: "1", title: "line\nbreak\u{1}", link: "https://example.com/1", author: "A",
                published: Date(timeIntervalSince1970: 1_072_986_501), summary: "s", content: "<p>c</p>",
                enclosures: [Enclosure(url: "https://example.com/a.mp3", type: "audio/mpeg", length: nil)],
                categories: ["x", "ü"])])
        let json = FeedJSON.render(feed)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "T \"quoted\"")
        #expect(object["link"] as? String == "https://example.com/")
        let entries = try #require(object["entries"] as? [[String: Any]])
        let entry = try #require(entries.first)
        #expect(entry["title"] as? String == "line\nbreak\u{1}")
        #expect(entry["published"] as? String == "2004-01-01T19:48:21Z")
        #expect(entry["updated"] is NSNull)
        #expect(entry["categories"] as? [String] == ["x", "ü"])
        let enclosure = try #require((entry["enclosures"] as? [[String: Any]])?.first)
        #expect(enclosure["url"] as? String == "https://example.com/a.mp3")
        #expect(enclosure["length"] is NSNull)
        #expect(Set(entry.keys) == ["id", "title", "link", "author", "published", "updated", "summary", "content", "enclosures", "categories"])
    }
}

/// The XML fast path must give exactly what the HTML parser gives, on every real entry.
/// Skipped, saying so, without the shared real-world feeds.
@Suite(.enabled(if: SharedMaterial.has("realworld/MANIFEST.tsv"), Comment(rawValue: SharedMaterial.skipReason("realworld/"))))
struct HTMLTextPathTests {
    @Test func fastPathAgreesWithTheHTMLParserOnRealFeeds() throws {
        var compared = 0
        for (name, document) in try SampleDocuments.sharedRealWorld() {
            guard let feed = try? FeedParser().parse(document) else { continue }
            for html in feed.entries.flatMap({ [$0.content, $0.summary].compactMap { $0 } }) {
                var source = html
                source.withUTF8 { bytes in
                    guard let fast = XHTMLFastPath.extract(bytes) else { return }
                    compared += 1
                    #expect(fast == HTMLTextExtractor.extract(bytes), "\(name): \(html.prefix(200))")
                }
            }
        }
        #expect(compared > 100)
    }
}

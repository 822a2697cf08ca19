import ArticleExtraction
import Foundation
import Testing

/// Page shapes where no single selector finds the body: siblings of boilerplate in one flat
/// container, paragraphs each in their own wrapper, an AMP page.
@Suite struct PageTemplateTests {
    static let paragraphs = [
        "The harbor authority delayed the renovation of the central library after a heated debate, officials said on Tuesday evening.",
        "About 900 people attended the meeting in the old town hall, where the plan was discussed for more than three hours.",
        "Critics said the costs keep rising every year, and that nobody asked the people who live near the library.",
        "The decision will be reviewed by the council next month, before the deadline for the regional budget.",
    ]

    private func extract(_ name: String, url: String = "https://site.test/2026/story.html") throws -> ExtractedArticle {
        try ArticleExtractor().extract(try Fixture.bytes(name), context: PageContext(url: url))
    }

    @Test func flatPageKeepsTheBodyParagraphsAndNothingAroundThem() throws {
        let article = try extract("flat-page.html")
        // Byline, date, share line, pull quote, ad, tags, related stories, comments, cookie
        // banner, nav and footer are all siblings or neighbours of the body paragraphs.
        #expect(article.paragraphs == Self.paragraphs)
        #expect(article.title == "Tram line approved after a long debate")  // from <title>, the site's name cut off
        #expect(article.firstHeading == "Tram line approved after a long debate")
        #expect(article.byline == "By Noor Haddad")
        #expect(article.published == Date(timeIntervalSince1970: 1_770_142_500))  // 2026-02-03T18:15:00Z
    }

    @Test func nestedWrappersKeepSubheadingsListsAndLinkedProse() throws {
        let article = try extract("nested-page.html")
        #expect(article.paragraphs == [
            Self.paragraphs[0], Self.paragraphs[1], "What happens next", Self.paragraphs[2],
            "The plan would affect some 5500 households in the area, officials said.", Self.paragraphs[3],
        ])
        #expect(article.title == "Budget vote passes by a narrow margin")
        // The line as shown names the <meta name="author">, so it wins (it carries the agency).
        #expect(article.byline == "By Ines Novak for dpa")
        #expect(article.published == Date(timeIntervalSince1970: 1_773_126_000))  // 2026-03-10T07:00:00Z
    }

    @Test func ampPageReadsJSONLDGraphAndKeepsCaptionsApart() throws {
        let article = try extract("amp-page.html", url: "https://coast.test/amp/2026/04/night-trains.html")
        #expect(article.paragraphs == Array(Self.paragraphs.prefix(3)))
        #expect(article.title == "Night trains return to the coast")
        #expect(article.byline == "By Aino Virtanen and Kwame Mensah")
        #expect(article.published == Date(timeIntervalSince1970: 1_775_025_000))
        #expect(article.captions == ["The first night train leaves the central station. Lin Ferreira / EFE"])
        #expect(article.image == "https://coast.test/img/train.jpg")
        #expect(article.imageCaption == "The first night train leaves the central station. Lin Ferreira / EFE")
        #expect(article.canonicalLink == "https://coast.test/2026/04/night-trains.html")
        #expect(article.ogURL == nil)
        #expect(article.lang == "en")
    }

    @Test func textAboveTheHeadlineIsNotTheBody() throws {
        let page = """
            <html><body><div class="post">
            <p class="source-note">This story originally appeared in <a href="https://other.test/x">The Other Paper</a> and is republished here with permission.</p>
            <h1>Library works delayed</h1><div class="meta"><span class="byline">By Lucía Moreau</span></div>
            <div class="entry-content"><p>\(Self.paragraphs[0])</p><p>\(Self.paragraphs[1])</p></div>
            </div></body></html>
            """
        let article = try ArticleExtractor().extract(Array(page.utf8), context: PageContext(url: "https://hub.test/story"))
        #expect(article.paragraphs == Array(Self.paragraphs.prefix(2)))
        #expect(article.byline == "By Lucía Moreau")
    }

    @Test func structuredAuthorsWinOverAShownLineThatDoesNotNameThem() throws {
        let page = """
            <html><head><script type="application/ld+json">{"@type":"BlogPosting","headline":"A post",
            "author":[{"name":"Mei Lin"},{"name":"Tomás Costa"}]}</script></head><body>
            <div class="author-box">Written by the editors</div><article><p>\(Self.paragraphs.joined(separator: "</p><p>"))</p></article>
            </body></html>
            """
        let article = try ArticleExtractor().extract(Array(page.utf8), context: PageContext(url: "https://blog.test/post"))
        #expect(article.byline == "Mei Lin, Tomás Costa")
        #expect(article.title == "A post")
    }
}

import ArticleExtraction
import Foundation
import Testing

@Suite struct MetadataTests {
    private func extract(_ head: String, body: String = "", url: String = "https://news.test/a/b/story.html") throws -> ExtractedArticle {
        let page = "<html><head>\(head)</head><body>\(body)<p>Some text of the article, long enough to be read as a paragraph of it.</p></body></html>"
        return try ArticleExtractor().extract(Array(page.utf8), context: PageContext(url: url))
    }

    @Test(arguments: [
        ("<title>Budget passes after long night | The Paper</title>", "Budget passes after long night"),
        ("<title>The Paper - Budget passes after a long night</title>", "Budget passes after a long night"),
        ("<title>Budget passes</title>", "Budget passes"),
        ("<title>News: Budget passes after a long night of talks</title>", "Budget passes after a long night of talks"),
        ("<title>Ignored | X</title><meta property=\"og:title\" content=\"From Open Graph\">", "From Open Graph"),
        ("<meta name=\"twitter:title\" content=\"From Twitter\"><title>T</title>", "From Twitter"),
    ])
    func title(head: String, expected: String) throws {
        #expect(try extract(head).title == expected)
    }

    @Test func canonicalAndOpenGraphURLsResolveAgainstThePage() throws {
        let relative = try extract("<link rel=\"canonical\" href=\"../c/story.html?x=1\"><meta property=\"og:url\" content=\"//cdn.test/s\">")
        #expect(relative.canonicalLink == "https://news.test/a/c/story.html?x=1")
        #expect(relative.ogURL == "https://cdn.test/s")
        let none = try extract("<title>T</title>")
        #expect(none.canonicalLink == nil && none.ogURL == nil)
    }

    @Test func publishedFromMetaThenTimeElement() throws {
        let meta = try extract("<meta property=\"article:published_time\" content=\"2025-12-31T23:30:00-02:00\">")
        #expect(meta.published == Date(timeIntervalSince1970: 1_767_231_000))
        let time = try extract("", body: "<time datetime=\"2025-06-01\">June 1</time>")
        #expect(time.published == Date(timeIntervalSince1970: 1_748_736_000))
        let nothing = try extract("<title>T</title>")
        #expect(nothing.published == nil)
    }

    @Test func bylineFromTheShownLineOrTheMetaAuthor() throws {
        let shown = try extract("", body: "<div class=\"byline\">By <a rel=\"author\">Sam Okafor</a>, Staff Writer</div>")
        #expect(shown.byline == "By Sam Okafor, Staff Writer")
        let meta = try extract("<meta name=\"author\" content=\"Grace Lin\">")
        #expect(meta.byline == "Grace Lin")
        let commenter = try extract("", body: "<div class=\"comments\"><p class=\"comment-author\">troll42</p></div>")
        #expect(commenter.byline == nil, "a comment's author is not the article's")
    }

    @Test func jsonLDInCDATAWrapperAndTheBylineItClaims() throws {
        let head = """
            <script type="application/ld+json">
            <![CDATA[
            {"@context":"https://schema.org","@type":"Article","name":"New harbor","datePublished":"2024-02-28T21:51:08Z",
             "author":{"@type":"Organization","name":"Contributors to the Test Wiki"}}
            ]]>
            </script>
            """
        let article = try extract(head, body: "<div class=\"authority-control\">Authority control</div><p class=\"byline\">By Someone 12 May 2024</p>")
        #expect(article.title == "New harbor")
        #expect(article.byline == "Contributors to the Test Wiki")
        #expect(article.published == Date(timeIntervalSince1970: 1_709_157_068))
    }

    @Test func langFromHTMLElementElseContentLanguage() throws {
        let page = "<html lang=\"pt-BR\"><body><p>Texto.</p></body></html>"
        #expect(try ArticleExtractor().extract(Array(page.utf8), context: PageContext(url: "https://x.test/")).lang == "pt-BR")
        #expect(try extract("<meta http-equiv=\"Content-Language\" content=\"de\">").lang == "de")
    }

    @Test func firstHeadingDecodesEntitiesAndCollapsesSpace() throws {
        let article = try extract("", body: "<h1>  Caf&eacute;\n   &amp;   <em>bar</em>&nbsp;</h1><h1>Second</h1>")
        #expect(article.firstHeading == "Café & bar")
    }
}

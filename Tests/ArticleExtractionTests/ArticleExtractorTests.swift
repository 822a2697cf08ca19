import ArticleExtraction
import Foundation
import Testing

@Suite struct ArticleExtractorTests {
    @Test func extractsTheBodyAndMetadataOfASmallArticle() throws {
        let page = try Fixture.bytes("basic-article.html")
        let article = try ArticleExtractor().extract(page, context: PageContext(url: "https://courier.test/news/night-buses.html?utm_source=rss"))
        #expect(article.title == "Night buses return to the valley")
        #expect(article.firstHeading == "Night buses return to the valley")
        #expect(article.byline == "By Ada Lindqvist for AFP")
        #expect(article.published == Date(timeIntervalSince1970: 1_767_601_800))
        #expect(article.paragraphs == [
            "The regional transport authority approved a pilot program for night buses on Tuesday, after months of talks with residents and the rail operator.",
            "The first line will run from the old harbor to the university, every thirty minutes between midnight and five in the morning, officials said.",
            "What happens next",
            "About 1,200 people attended the meeting in the town hall, where the plan was debated for more than three hours before the vote.",
            "“We have waited far too long for this,” said a shop owner in the old town, who has lived in the valley for decades.",
        ])
        #expect(article.captions == ["A night bus waits at the central station. Photo: Jo Berg / AFP"])
        #expect(article.image == "https://courier.test/img/bus.jpg")
        #expect(article.imageCaption == "A night bus waits at the central station. Photo: Jo Berg / AFP")
        #expect(article.lang == "en-GB")
        #expect(article.canonicalLink == "https://courier.test/news/night-buses.html")
        #expect(article.ogURL == "https://courier.test/news/night-buses.html?ref=og")
        #expect(article.text.hasPrefix("The regional transport authority"))
        #expect(article.text.contains("rail operator.\n\nThe first line"))
    }
}

/// The test pages under Fixtures/.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        return Array(try Data(contentsOf: url))
    }
}

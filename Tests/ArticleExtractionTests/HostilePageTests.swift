import ArticleExtraction
import Foundation
import Testing

/// Pages built to hurt: each must give an error or a bounded result, never a crash or a hang.
/// (Their cost in time and memory is measured by scripts/bench-extract.sh, not asserted here.)
@Suite struct HostilePageTests {
    private let context = PageContext(url: "https://hostile.test/page.html")
    private static let fourMiB = 4 << 20

    private func extract(_ page: [UInt8], limits: ArticleLimits = ArticleLimits()) throws(ArticleExtractionError) -> ExtractedArticle {
        try ArticleExtractor(limits: limits).extract(page, context: context)
    }

    private func failure(_ page: [UInt8], contentType: String? = nil) -> ArticleExtractionError? {
        do {
            _ = try ArticleExtractor().extract(page, context: PageContext(url: "https://hostile.test/", contentType: contentType))
            return nil
        } catch {
            return error
        }
    }

    @Test func deepNestingStopsAtTheDepthLimit() throws {
        let depth = 100_000
        let page = "<html><body><p>Before the nesting, a paragraph of ordinary prose that should survive the parse.</p>"
            + String(repeating: "<div>", count: depth) + "deep" + String(repeating: "</div>", count: depth) + "</body></html>"
        let article = try extract(Array(page.utf8))
        #expect(article.paragraphs == ["Before the nesting, a paragraph of ordinary prose that should survive the parse."])
    }

    @Test func deepInlineNestingWithStrayEndTagsStopsAtTheErrorLimit() throws {
        // libxml2 scans its stack of open elements for every unmatched end tag.
        let page = "<html><body>" + String(repeating: "<span>", count: 100_000) + "x"
            + String(repeating: "</i>", count: 700_000) + "</body></html>"
        let article = try extract(Array(page.utf8))
        #expect(article.paragraphs.count <= 1)
    }

    @Test func hundredThousandLinks() throws {
        let links = (0 ..< 100_000).map { "<a href=\"/l\($0)\">link \($0)</a> " }.joined()
        let page = "<html><body><article><p>A short paragraph before a wall of links, long enough to count.</p><div>\(links)</div></article></body></html>"
        let article = try extract(Array(page.utf8))
        #expect(article.paragraphs.first == "A short paragraph before a wall of links, long enough to count.")
        #expect(article.text.utf8.count < page.utf8.count)
    }

    @Test func enormousAttributeValue() throws {
        let page = "<html><body><p title=\"" + String(repeating: "x", count: Self.fourMiB) + "\">"
            + "Text after an attribute of four mebibytes, which is kept as the body.</p></body></html>"
        let article = try extract(Array(page.utf8))
        #expect(article.paragraphs == ["Text after an attribute of four mebibytes, which is kept as the body."])
    }

    @Test func tagWithTooManyAttributesIsRefused() {
        let attributes = (0 ..< 200_000).map { "a\($0)=1" }.joined(separator: " ")
        let error = failure(Array("<html><body><p \(attributes)>x</p></body></html>".utf8))
        #expect(error?.kind == .tooLarge)
        #expect(error?.message == "a tag with more than 512 attributes")
        // Attributes in a script or a comment are not attributes.
        let quoted = "<html><body><script>var s = '<p " + attributes + ">';</script><!-- <p \(attributes)> -->"
            + "<p>Plain text of the page, long enough to be kept as a paragraph of the body.</p></body></html>"
        #expect(failure(Array(quoted.utf8)) == nil)
    }

    @Test func fourMebibyteSingleParagraph() throws {
        let words = String(repeating: "word, ", count: Self.fourMiB / 6)
        let page = "<html><head><title>One long paragraph</title></head><body><article><p>\(words)</p></article></body></html>"
        let article = try extract(Array(page.utf8))
        #expect(article.paragraphs.count == 1)
        #expect(article.paragraphs.first?.utf8.count == words.utf8.count - 1)  // the trailing space trimmed
    }

    @Test func elementFloodStopsAtTheElementLimit() throws {
        let page = "<html><body>" + String(repeating: "<p>a", count: 1_000_000) + "</body></html>"
        let article = try extract(Array(page.utf8), limits: ArticleLimits(maxElements: 50_000))
        let count = article.paragraphs.count
        #expect(count < 50_000, "the parse stopped at the limit")
    }

    @Test func binaryBodiesAreRefused() {
        let pdf = Array("%PDF-1.7\n".utf8) + (0 ..< 4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(failure(pdf)?.message == "not an HTML page: a PDF document")
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
        #expect(failure(png)?.message == "not an HTML page: a PNG image")
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x41, count: 64)
        #expect(failure(jpeg)?.kind == .notHTML)
        let served = failure(Array("<html><body><p>looks like HTML</p></body></html>".utf8), contentType: "image/webp")
        #expect(served?.message == "not an HTML page: served as image/webp (image)")
        let noise: [UInt8] = [0x01, 0x00, 0x02, 0x00] + Array(repeating: 0x3C, count: 100)
        #expect(failure(noise)?.message == "not an HTML page: binary data (NUL bytes)")
        #expect(failure(Array("just words, no markup".utf8))?.kind == .notHTML)
    }

    @Test func emptyAndWhiteSpaceBodies() {
        #expect(failure([])?.kind == .empty)
        #expect(failure(Array(" \n\t ".utf8))?.message == "page holds only white space")
    }

    @Test func pageLargerThanTheLimitIsRefused() {
        let page = Array(repeating: UInt8(ascii: "a"), count: 2048)
        #expect(throws: ArticleExtractionError.self) { try extract(page, limits: ArticleLimits(maxPageBytes: 1024)) }
    }

    @Test func scriptOnlyPageHasNoParagraphs() throws {
        let script = String(repeating: "document.write('<p>not article text</p>');\n", count: 10_000)
        let page = "<html><head><script>\(script)</script></head><body><script>\(script)</script><noscript>Enable JavaScript.</noscript></body></html>"
        let article = try extract(Array(page.utf8))
        #expect(article.paragraphs.isEmpty)
        #expect(article.title == nil)
    }

    @Test func brokenEncodingsStillGiveText() throws {
        // Declared UTF-8, then invalid sequences, a truncated character, NUL-free control bytes.
        var page = Array("<html><head><meta charset=\"utf-8\"></head><body><article><p>Broken ".utf8)
        page += [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x82, 0x01, 0x02, 0x1B, 0xF0, 0x9F, 0x98]
        page += Array(" bytes in a paragraph that still reads as text of the article.</p></article></body></html>".utf8)
        let article = try extract(page)
        let text = try #require(article.paragraphs.first)
        #expect(text.hasPrefix("Broken "))
        #expect(text.hasSuffix(" bytes in a paragraph that still reads as text of the article."))
        // A charset that does not exist and one whose bytes are invalid in it.
        let lying = Array("<html><head><meta charset=\"shift_jis\"></head><body><p>".utf8) + [0x82, 0xA0, 0xFF, 0xFF, 0x81]
            + Array("</p><p>Some more text of the page, long enough to be a paragraph.</p></body></html>".utf8)
        let recovered = try extract(lying)
        #expect(recovered.paragraphs.last == "Some more text of the page, long enough to be a paragraph.")
    }
}

import FeedURL

/// Turns an HTML page into an article: headline, byline, date, body paragraphs, captions, lead
/// image, language, and the canonical URLs the page claims. One pass of libxml2's HTML parser
/// builds a compact tree; the body is found by Readability-style scoring of the blocks of text
/// (schema.org `articleBody` as a hint), the metadata from JSON-LD, `<meta>` and the page.
/// General rules only: nothing here knows any site.
public struct ArticleExtractor: Sendable {
    /// The bounds applied to every page.
    public let limits: ArticleLimits

    /// An extractor applying `limits`.
    public init(limits: ArticleLimits = ArticleLimits()) {
        self.limits = limits
    }

    /// The article in `page`.
    ///
    /// Throws for what is not an HTML page (PDF, image, binary, empty) or passes the limits,
    /// with a one-line message. A page with no article text gives an article with no paragraphs.
    public func extract(_ page: [UInt8], context: PageContext) throws(ArticleExtractionError) -> ExtractedArticle {
        guard page.count <= limits.maxPageBytes else {
            throw ArticleExtractionError(.tooLarge, "page of \(page.count) bytes is larger than the \(limits.maxPageBytes)-byte limit")
        }
        if let refusal = page.withUnsafeBufferPointer({ PageSniffer.refusal(of: $0, contentType: context.contentType) }) {
            throw refusal
        }
        let utf8 = PageDecoder.utf8(page, contentType: context.contentType)
        let limit = limits.maxAttributesPerTag
        let markup: [UInt8]
        switch utf8.withUnsafeBufferPointer({ MarkupGuard.scan($0, attributeLimit: limit) }) {
        case .tooManyAttributes:
            throw ArticleExtractionError(.tooLarge, "a tag with more than \(limit) attributes")
        case .markup(let shorter):
            markup = shorter ?? utf8
        }
        let tree = try HTMLPageParser.parse(markup, limits: limits)
        let digest = PageDigest(tree: tree)
        let metadata = ArticleMetadata(digest: digest, pageURL: context.url)
        let body = BodyFinder(digest: digest, metadata: metadata).find()
        let base = metadata.baseURL
        var article = ExtractedArticle(
            title: metadata.title, firstHeading: metadata.firstHeading, byline: metadata.byline,
            published: metadata.published, paragraphs: body.paragraphs, captions: body.captions,
            image: metadata.image, lang: metadata.lang, canonicalLink: metadata.canonicalLink, ogURL: metadata.ogURL)
        if let figure = body.leadFigure {
            if article.image == nil, let source = figure.source { article.image = URLResolution.resolve(source, against: base) }
            article.imageCaption = figure.caption
        }
        return article
    }
}

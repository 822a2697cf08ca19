import Foundation

/// What a page says as an article: its headline, byline, date, body and captions, and the
/// URLs it claims for itself.
public struct ExtractedArticle: Sendable, Equatable {
    /// The headline.
    public var title: String?
    /// The text of the page's first `<h1>`, entities decoded, white space collapsed: used to
    /// check a cross-site canonical claim (both pages must carry the same one).
    public var firstHeading: String?
    /// The byline as the page shows it ("By Jane Doe for AFP"), else the author's name from
    /// the page's structured data.
    public var byline: String?
    /// When the article was published.
    public var published: Date?
    /// The body, paragraph by paragraph in reading order; subheadings are paragraphs of their own.
    public var paragraphs: [String]
    /// Image and figure captions with their credits, kept out of `paragraphs`.
    public var captions: [String]
    /// The lead image's absolute URL.
    public var image: String?
    /// The lead image's caption, when the page gives one.
    public var imageCaption: String?
    /// The page's language (`<html lang>`, else what its metadata says), as written.
    public var lang: String?
    /// `<link rel="canonical" href>`, resolved against the page's URL (not canonicalized).
    public var canonicalLink: String?
    /// `<meta property="og:url" content>`, resolved the same way.
    public var ogURL: String?

    /// An article with the given fields (all empty by default).
    public init(
        title: String? = nil, firstHeading: String? = nil, byline: String? = nil, published: Date? = nil,
        paragraphs: [String] = [], captions: [String] = [], image: String? = nil, imageCaption: String? = nil,
        lang: String? = nil, canonicalLink: String? = nil, ogURL: String? = nil
    ) {
        self.title = title
        self.firstHeading = firstHeading
        self.byline = byline
        self.published = published
        self.paragraphs = paragraphs
        self.captions = captions
        self.image = image
        self.imageCaption = imageCaption
        self.lang = lang
        self.canonicalLink = canonicalLink
        self.ogURL = ogURL
    }

    /// The body as text: the paragraphs joined by one blank line.
    public var text: String { paragraphs.joined(separator: "\n\n") }
}

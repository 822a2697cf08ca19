import Foundation

/// What was captured of an item's own page (the `article_*` keys of a record).
public struct ArchivedArticle: Sendable, Equatable {
    /// `ok`, `skipped` (capture not asked for, or the feed's own text was enough), or the cause
    /// of a failure ("HTTP 404 Not Found", "not an HTML page: a PDF document", …). Nil only on
    /// lines written before feedd captured pages.
    public var status: String?
    /// The page's final URL, after redirects.
    public var url: String?
    public var title: String?
    public var byline: String?
    public var published: Date?
    /// The body: paragraphs separated by one blank line; captions are not in it.
    public var text: String?
    /// Image and figure captions with their credits.
    public var captions: [String]
    /// The lead image's URL.
    public var image: String?
    public var lang: String?

    public init(status: String?, url: String? = nil, title: String? = nil, byline: String? = nil,
                published: Date? = nil, text: String? = nil, captions: [String] = [], image: String? = nil,
                lang: String? = nil) {
        self.status = status
        self.url = url
        self.title = title
        self.byline = byline
        self.published = published
        self.text = text
        self.captions = captions
        self.image = image
        self.lang = lang
    }

    /// No page was fetched for the item.
    public static let skipped = ArchivedArticle(status: "skipped")

    /// A fetch or extraction that failed for `cause`; the item is archived from its feed alone.
    public static func failed(_ cause: String, url: String? = nil) -> ArchivedArticle {
        ArchivedArticle(status: cause, url: url)
    }

    var estimatedSize: Int {
        [status, url, title, byline, text, image, lang].reduce(200) { $0 + ($1?.utf8.count ?? 0) }
            + captions.reduce(0) { $0 + $1.utf8.count + 3 }
    }
}

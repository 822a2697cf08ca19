import FeedParsing
import FeedURL
import Foundation

/// The article's metadata: headline, byline, date, language, lead image, and the URLs the
/// page claims for itself.
struct ArticleMetadata {
    var title: String?
    var firstHeading: String?
    /// The first `<h1>` element.
    var headingNode: Int?
    var byline: String?
    var published: Date?
    var lang: String?
    var image: String?
    var canonicalLink: String?
    var ogURL: String?
    /// The URL relative links resolve against (`<base href>`, else the page's).
    var baseURL: String
    /// Elements that hold the byline and date: kept out of the body.
    var shownNodes: [Int] = []

    init(digest: PageDigest, pageURL: String) {
        let tree = digest.tree
        let head = HeadMetadata(tree: tree)
        let structured = StructuredData(blobs: tree.jsonLD)
        let landmarks = PageLandmarks(digest: digest)
        let base = head.baseHref.map { URLResolution.resolve($0, against: pageURL) } ?? pageURL
        baseURL = base

        firstHeading = landmarks.firstHeading
        headingNode = landmarks.firstHeadingNode
        title = TitleChooser.title(structured: structured, head: head, headings: landmarks.headings)
        byline = Self.byline(shown: landmarks.bylineText(tree), structured: structured, head: head)
        published = Self.published(structured: structured, head: head, landmarks: landmarks, tree: tree)
        lang = head.lang ?? head.contentLanguage ?? structured?.inLanguage
        if let image = head.first(["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"])
            ?? structured?.image {
            self.image = URLResolution.resolve(image, against: base)
        }
        canonicalLink = head.canonical.map { URLResolution.resolve($0, against: pageURL) }
        ogURL = head.first(["og:url"]).map { URLResolution.resolve($0, against: pageURL) }
        shownNodes = [landmarks.byline, landmarks.dateElement].compactMap { $0 }
    }

    /// The byline as shown on the page when there is one (it carries "By" and the agency, as a
    /// reader sees it) and it names the structured author, if the page has one; else the
    /// structured author names (JSON-LD, then `<meta name="author">` and its kin).
    private static func byline(shown: String?, structured: StructuredData?, head: HeadMetadata) -> String? {
        var named: String?
        if let authors = structured?.authors, !authors.isEmpty {
            named = authors.joined(separator: ", ")
        } else if let author = head.first(["dc:creator", "dcterm:creator", "author", "parsely-author"]) {
            named = author
        } else if let author = head.first(["article:author"]), !author.contains("://") {
            named = author
        }
        guard let shown else { return named }
        guard let named else { return shown }
        let firstAuthor = (structured?.authors.first ?? named).lowercased()
        // A line that also carries a date, a handle or a separator is the page's furniture,
        // not a byline to keep as it is.
        let cluttered = shown.contains { $0.isNumber || $0 == "@" || $0 == "•" || $0 == "|" }
        return !cluttered && shown.lowercased().contains(firstAuthor) ? shown : named
    }

    private static func published(structured: StructuredData?, head: HeadMetadata, landmarks: PageLandmarks,
                                  tree: PageTree) -> Date? {
        let candidates: [String?] = [
            structured?.datePublished,
            head.first(["article:published_time", "og:article:published_time", "parsely-pub-date",
                        "datepublished", "publishdate", "pubdate", "dc:date", "dcterms:created", "dc:date:issued",
                        "sailthru:date", "date"]),
            landmarks.dateElement.flatMap { tree.string(.datetime, of: $0) ?? tree.string(.content, of: $0) },
        ]
        for candidate in candidates {
            if let text = candidate, let date = FeedDate.parse(text.trimmingSpaces) { return date }
        }
        return nil
    }
}

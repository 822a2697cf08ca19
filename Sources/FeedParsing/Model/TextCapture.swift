/// Where the text of an element goes once the element ends.
enum CaptureTarget: Equatable {
    // Text constructs (typed text; HTML or XHTML children are kept as markup).
    case feedTitle
    case title(fromMedia: Bool)
    case summary
    case content(copiesToSummary: Bool)
    // Plain values.
    case feedLink, feedID(isPermalink: Bool), link, id(isPermalink: Bool, isGUID: Bool), published, updated
    case author, authorName, authorEmail
    case category, commaSeparatedTags(scheme: String?, skipBlank: Bool)
    case originalLink, ttl, updatePeriod, updateFrequency, skipHour, skipDay, blockedTitle
}

/// The text of an open element being collected. Text lives in the builder's shared buffer
/// from `start` on; a nested capture appends after its parent's text and is cut off again
/// when it ends.
struct TextCapture {
    var target: CaptureTarget
    /// Depth of the element whose text this is.
    var depth: Int
    /// The depth feedparser would count for it (see `FeedBuilder.depthSkew`), which decides
    /// between competing elements.
    var rankDepth: Int
    var start: Int
    /// The base URI at the element, for resolving links in or of its value.
    var base: String
    /// Media type of a text construct (`text/plain`, `text/html`, `application/xhtml+xml`,
    /// or whatever the `type` attribute said); nil for plain values.
    var contentType: String?
    var isBase64 = false
    /// True while child elements are serialized as markup and text is escaped.
    var serializesMarkup = false
    var isTruncated = false

    // Whether the value is one `div` wrapping everything (Atom 1.0 XHTML drops it).
    var topLevelElementCount = 0
    var topLevelText = false
    var wrapperDivInner: Range<Int>?
    var wrapperDivInnerStart: Int?

    var isTextConstruct: Bool { contentType != nil }

    /// The value is HTML (or XHTML), so relative links inside it are resolved.
    static func isHTMLish(_ type: String) -> Bool {
        type == "text/html" || type == "application/xhtml+xml"
    }

    /// feedparser's mapping of Atom's short type names.
    static func mediaType(_ type: String) -> String {
        switch ByteText.asciiLowercased(type) {
        case "text", "plain": return "text/plain"
        case "html": return "text/html"
        case "xhtml": return "application/xhtml+xml"
        case let other: return other
        }
    }
}

/// Where a document came from: what the parser needs beyond its bytes.
public struct DocumentContext: Sendable, Equatable {
    /// The URL the document was fetched from (after redirects); relative links resolve against it.
    public var url: String?
    /// The HTTP Content-Type header, whose charset parameter overrides the XML declaration.
    public var contentType: String?
    /// The HTTP Content-Location header, which overrides `url` as the base.
    public var contentLocation: String?

    public init(url: String? = nil, contentType: String? = nil, contentLocation: String? = nil) {
        self.url = url
        self.contentType = contentType
        self.contentLocation = contentLocation
    }
}

/// Bounds a hostile document cannot push the parser past.
public struct ParserLimits: Sendable, Equatable {
    /// Deepest element nesting accepted.
    public var maxDepth: Int
    /// Most entries kept from one document.
    public var maxEntries: Int
    /// Longest text kept for one field, in UTF-8 bytes.
    public var maxFieldBytes: Int

    public init(maxDepth: Int = 256, maxEntries: Int = 10_000, maxFieldBytes: Int = 4 << 20) {
        self.maxDepth = maxDepth
        self.maxEntries = maxEntries
        self.maxFieldBytes = maxFieldBytes
    }
}

/// Why a document yielded no feed.
public struct FeedParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case empty, notAFeed, malformed, encoding, limitExceeded
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Parses RSS, Atom, RDF and JSON Feed documents into a `ParsedFeed`.
public struct FeedParser: Sendable {
    public let limits: ParserLimits

    public init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
    }

    /// Parses one document. Skeleton: always fails until the libxml2 parser lands.
    public func parse(_ document: [UInt8], context: DocumentContext = DocumentContext()) throws(FeedParseError) -> ParsedFeed {
        throw FeedParseError(.notAFeed, "parser not built yet")
    }
}

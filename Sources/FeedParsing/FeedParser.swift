import FeedURL

/// Where a document came from: what the parser needs beyond its bytes.
public struct DocumentContext: Sendable, Equatable {
    /// The URL the document was fetched from (after redirects); relative links resolve against it.
    public var url: String?
    /// The HTTP Content-Type header, whose charset parameter overrides the XML declaration.
    public var contentType: String?
    /// The HTTP Content-Location header, which overrides `url` as the base.
    public var contentLocation: String?

    /// A context; all values are optional (a local file has none).
    public init(url: String? = nil, contentType: String? = nil, contentLocation: String? = nil) {
        self.url = url
        self.contentType = contentType
        self.contentLocation = contentLocation
    }

    /// The base URI of the document: Content-Location resolved against the URL, else the URL.
    var baseURI: String? {
        if let location = contentLocation?.trimmingASCIIWhitespace(), !location.isEmpty {
            guard let url, !url.isEmpty else { return location }
            return URLResolution.resolve(location, against: url)
        }
        guard let url, !url.isEmpty else { return nil }
        return url
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
    /// Most categories (JSON Feed tags) kept for one entry.
    public var maxTagsPerEntry: Int
    /// Most enclosures (JSON Feed attachments, media:content) kept for one entry.
    public var maxEnclosuresPerEntry: Int

    /// Limits generous for any real feed: 256 levels, 10,000 entries, 4 MiB a field, 256
    /// categories and 64 enclosures an entry.
    public init(
        maxDepth: Int = 256, maxEntries: Int = 10_000, maxFieldBytes: Int = 4 << 20,
        maxTagsPerEntry: Int = 256, maxEnclosuresPerEntry: Int = 64
    ) {
        self.maxDepth = maxDepth
        self.maxEntries = maxEntries
        self.maxFieldBytes = maxFieldBytes
        self.maxTagsPerEntry = maxTagsPerEntry
        self.maxEnclosuresPerEntry = maxEnclosuresPerEntry
    }
}

/// Why a document yielded no feed.
public struct FeedParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Kind: String, Sendable, Equatable {
        /// No bytes, or only white space.
        case empty
        /// Readable, but not a feed: an HTML page, other XML, JSON that is not a JSON Feed.
        case notAFeed
        /// Not readable as XML or JSON at all (binary data, broken JSON).
        case malformed
        /// No encoding could decode the bytes.
        case encoding
        /// A limit stopped the parse before anything feed-like was read.
        case limitExceeded
    }

    /// What kind of failure it is.
    public var kind: Kind
    /// One line naming the cause, for logs.
    public var message: String

    /// An error of `kind` explained by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Parses RSS, Atom, RDF and JSON Feed documents into a `ParsedFeed`.
public struct FeedParser: Sendable {
    /// The bounds every parse stays within.
    public let limits: ParserLimits

    /// A parser with the given limits.
    public init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
    }

    /// Parses one document, whatever its format (detected from the content).
    ///
    /// Broken documents give what can be recovered, with the problems listed in
    /// `recoveredProblems`; the error is thrown only when nothing feed-like can be read
    /// (an empty body, an HTML page, binary data, JSON that is not a JSON Feed).
    public func parse(_ document: [UInt8], context: DocumentContext = DocumentContext()) throws(FeedParseError) -> ParsedFeed {
        guard let first = Self.firstSignificantByte(document) else {
            throw FeedParseError(.empty, document.isEmpty ? "empty document" : "document holds only white space")
        }
        let base = context.baseURI
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return try JSONFeedParser.parse(document, documentBase: base, limits: limits)
        }
        let decoded = DocumentDecoder.decode(document, contentType: context.contentType)
        let outcome: XMLFeedReader.Outcome? = decoded.storage.withUnsafeBufferPointer { storage in
            let text = UnsafeBufferPointer(rebasing: storage[decoded.range])
            guard let start = Self.markupStart(text) else { return nil }
            return XMLFeedReader.read(UnsafeBufferPointer(rebasing: text[start...]), limits: limits, documentBase: base ?? "")
        }
        guard let outcome else {
            throw FeedParseError(.notAFeed, "not XML or JSON: no markup in the document (read as \(decoded.encoding))")
        }
        return try Self.feed(from: outcome, decoded: decoded)
    }

    private static func feed(from outcome: XMLFeedReader.Outcome, decoded: DecodedDocument) throws(FeedParseError) -> ParsedFeed {
        let builder = outcome.builder
        guard builder.sawFeedElement else {
            if let reason = builder.stopReason {
                throw FeedParseError(.limitExceeded, "stopped before any feed element: \(reason)")
            }
            let cause = outcome.errorMessages.first.map { " (\($0))" } ?? ""
            guard let root = builder.rootName else {
                throw FeedParseError(.malformed, "not XML: no element could be read\(cause)")
            }
            if ByteText.asciiLowercased(root) == "html" {
                throw FeedParseError(.notAFeed, "an HTML page, not a feed")
            }
            if outcome.errorCount > 0 {
                throw FeedParseError(.malformed, "not XML: broken markup and no feed element\(cause)")
            }
            throw FeedParseError(.notAFeed, "not a feed: the root element <\(root)> is not RSS, RDF or Atom")
        }
        var draft = builder.feed
        draft.finishPollingHints()
        var problems = decoded.problems
        if outcome.errorCount > 0 {
            problems.append(contentsOf: outcome.errorMessages.map { "XML: \($0)" })
            if outcome.errorCount > outcome.errorMessages.count {
                problems.append("XML: \(outcome.errorCount) errors in all")
            }
        }
        problems.append(contentsOf: builder.problems)
        if let problem = builder.linkBudget.problem { problems.append(problem) }
        return ParsedFeed(
            format: format(of: builder.version), title: draft.title, link: draft.link.flatMap { $0.isEmpty ? nil : $0 },
            pollingHints: draft.pollingHints, entries: builder.entries, recoveredProblems: problems)
    }

    private static func format(of version: FeedBuilder.Version?) -> FeedFormat {
        switch version {
        case .rss(let declared):
            switch declared {
            case "0.91": return .rss091
            case "0.92": return .rss092
            case "0.93": return .rss093
            case "0.94": return .rss094
            default: return .rss20
            }
        case .rdf(let isRSS090): return isRSS090 ? .rss090 : .rss10
        case .atom(let isAtom10, let isAtom03): return isAtom03 && !isAtom10 ? .atom03 : .atom10
        case nil: return .rss20
        }
    }

    private static func firstSignificantByte(_ document: [UInt8]) -> UInt8? {
        var index = document.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < document.count {
            let byte = document[index]
            if !DateText.isSpace(byte), byte != 0 { return byte }
            index += 1
        }
        return nil
    }

    /// Where the XML starts: at an XML declaration near the top when there is one (junk or
    /// white space before it is dropped), else at the first `<`.
    private static func markupStart(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let firstAngle = text.firstIndex(of: UInt8(ascii: "<")) else { return nil }
        let window = UnsafeBufferPointer(rebasing: text[firstAngle..<min(text.count, firstAngle + 2048)])
        var index = 0
        while let next = window[index...].firstIndex(of: UInt8(ascii: "<")) {
            let rest = window[next...]
            if rest.starts(with: "<?xml".utf8), rest.count > 5, DateText.isSpace(rest[next + 5]) { return firstAngle + next }
            index = next + 1
        }
        return firstAngle
    }
}

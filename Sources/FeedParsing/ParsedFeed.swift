import Foundation

/// One feed document, whatever its format, in the shape the rest of feedd uses.
public struct ParsedFeed: Sendable, Equatable {
    /// The format detected from the document's content.
    public var format: FeedFormat
    /// The feed's title (text or HTML, as the feed gives it).
    public var title: String?
    /// The feed's home page (Atom rel=alternate, RSS channel link), absolute.
    public var link: String?
    /// What the feed says about how often to poll it (RSS ttl, sy:*, skipHours/skipDays).
    public var pollingHints: PollingHints
    /// Entries in document order.
    public var entries: [ParsedEntry]
    /// Problems the parser recovered from (broken XML, undeclared entities, bad encoding);
    /// empty for a well-formed document.
    public var recoveredProblems: [String]

    /// A feed with the given values (the parser builds these; tests and adapters may too).
    public init(
        format: FeedFormat, title: String? = nil, link: String? = nil,
        pollingHints: PollingHints = PollingHints(), entries: [ParsedEntry] = [],
        recoveredProblems: [String] = []
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.pollingHints = pollingHints
        self.entries = entries
        self.recoveredProblems = recoveredProblems
    }
}

/// The feed formats feedd reads.
public enum FeedFormat: String, Sendable, Equatable {
    /// RSS 0.90 (RDF-based, Netscape) and the RSS 0.91-0.94 and 2.0 family (an `rss`
    /// root without a known version counts as 2.0).
    case rss090, rss091, rss092, rss093, rss094, rss20
    /// RSS 1.0, the RDF Site Summary.
    case rss10
    /// Atom 0.3 and Atom 1.0 (RFC 4287).
    case atom03, atom10
    /// JSON Feed 1.0 and 1.1.
    case jsonFeed10, jsonFeed11
}

/// One item of a feed.
public struct ParsedEntry: Sendable, Equatable {
    /// RSS guid, Atom id, JSON Feed id.
    public var id: String?
    /// True when `id` is an RSS guid that is a permalink (isPermaLink absent or "true").
    public var idIsPermalink: Bool
    /// The entry's title (text or HTML, as the feed gives it).
    public var title: String?
    /// The entry's link as feedparser reports it, made absolute (xml:base, document URL).
    public var link: String?
    /// `feedburner:origLink`, absolute, when the feed is proxied by FeedBurner.
    public var originalLink: String?
    /// Display name (or e-mail when that is all there is).
    public var author: String?
    /// RSS pubDate, Atom published/issued, dcterms:issued.
    public var published: Date?
    /// Atom updated/modified, dc:date, dcterms:modified.
    public var updated: Date?
    /// RSS description, Atom summary (HTML or text).
    public var summary: String?
    /// content:encoded, Atom content (HTML or text).
    public var content: String?
    /// Media files, in document order (RSS enclosures and Atom enclosure links, then
    /// media:content not already among them).
    public var enclosures: [Enclosure]
    /// Category terms in document order, without exact duplicates.
    public var categories: [String]

    /// An entry with the given values.
    public init(
        id: String? = nil, idIsPermalink: Bool = false, title: String? = nil, link: String? = nil,
        originalLink: String? = nil, author: String? = nil, published: Date? = nil,
        updated: Date? = nil, summary: String? = nil, content: String? = nil,
        enclosures: [Enclosure] = [], categories: [String] = []
    ) {
        self.id = id
        self.idIsPermalink = idIsPermalink
        self.title = title
        self.link = link
        self.originalLink = originalLink
        self.author = author
        self.published = published
        self.updated = updated
        self.summary = summary
        self.content = content
        self.enclosures = enclosures
        self.categories = categories
    }
}

/// An RSS enclosure, Atom rel=enclosure link or media:content.
public struct Enclosure: Sendable, Equatable {
    /// The media file's URL, absolute when the document's base allowed it.
    public var url: String
    /// Its media type as the feed gives it (lowercased), e.g. `audio/mpeg`.
    public var type: String?
    /// Its length in bytes as the feed writes it (not checked to be a number).
    public var length: String?

    /// An enclosure with the given values.
    public init(url: String, type: String? = nil, length: String? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}

/// Polling advice found in the feed itself.
public struct PollingHints: Sendable, Equatable {
    /// RSS `<ttl>`, in minutes.
    public var ttlMinutes: Int?
    /// `sy:updatePeriod` (hourly, daily, weekly, monthly, yearly) and `sy:updateFrequency`
    /// as one interval in seconds.
    public var syndicationInterval: Int?
    /// RSS `<skipHours>`: hours of the day (0-23, GMT) not to poll.
    public var skipHours: Set<Int>
    /// RSS `<skipDays>`: days not to poll, 1 = Sunday ... 7 = Saturday.
    public var skipDays: Set<Int>

    /// Hints with the given values (none by default).
    public init(ttlMinutes: Int? = nil, syndicationInterval: Int? = nil, skipHours: Set<Int> = [], skipDays: Set<Int> = []) {
        self.ttlMinutes = ttlMinutes
        self.syndicationInterval = syndicationInterval
        self.skipHours = skipHours
        self.skipDays = skipDays
    }
}

import Foundation

/// One archived item: one line of `<state_dir>/archive/*.jsonl` (schema version 1).
public struct ArchiveRecord: Sendable, Equatable {
    /// The dedup key: the canonical form of the item's URL (see README, "Canonical URL").
    public var canonicalURL: String
    /// The item's URL as the feed gave it, made absolute.
    public var url: String?
    public var feedURL: String
    public var feedTitle: String?
    public var guid: String?
    public var title: String?
    public var author: String?
    public var published: Date?
    public var updated: Date?
    public var fetchedAt: Date
    public var summary: String?
    public var content: String?
    /// Plain-text rendering of `content` (or `summary`).
    public var contentText: String?
    public var categories: [String]
    public var enclosures: [ArchivedEnclosure]

    public init(
        canonicalURL: String, url: String?, feedURL: String, feedTitle: String?, guid: String?,
        title: String?, author: String?, published: Date?, updated: Date?, fetchedAt: Date,
        summary: String?, content: String?, contentText: String?, categories: [String],
        enclosures: [ArchivedEnclosure]
    ) {
        self.canonicalURL = canonicalURL
        self.url = url
        self.feedURL = feedURL
        self.feedTitle = feedTitle
        self.guid = guid
        self.title = title
        self.author = author
        self.published = published
        self.updated = updated
        self.fetchedAt = fetchedAt
        self.summary = summary
        self.content = content
        self.contentText = contentText
        self.categories = categories
        self.enclosures = enclosures
    }
}

/// An enclosure as archived.
public struct ArchivedEnclosure: Sendable, Equatable {
    public var url: String
    public var type: String?
    public var length: String?

    public init(url: String, type: String?, length: String?) {
        self.url = url
        self.type = type
        self.length = length
    }
}

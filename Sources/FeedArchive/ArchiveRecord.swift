import Foundation

/// One archived item: one line of `<state_dir>/archive/*.jsonl`.
///
/// ## Schema version 1
///
/// Each line is one JSON object followed by `\n`, UTF-8, with the keys always present and always
/// in this order:
///
/// | key | value |
/// |---|---|
/// | `v` | `1`, the schema version; readers reject a version they do not know |
/// | `canonical_url` | string: the dedup key's source, the item's canonical URL |
/// | `url` | string or null: the item's link as the feed gave it, made absolute |
/// | `feed_url` | string: the URL of the feed the item was read from |
/// | `feed_title` | string or null |
/// | `guid` | string or null: RSS guid / Atom id |
/// | `title` | string or null |
/// | `author` | string or null |
/// | `published` | date or null |
/// | `updated` | date or null |
/// | `fetched_at` | date: when feedd fetched the feed |
/// | `summary` | string or null: the item's summary/description (HTML as published) |
/// | `content` | string or null: the item's full content (HTML as published) |
/// | `content_text` | string or null: plain-text rendering of content (or summary) |
/// | `categories` | array of strings, `[]` when none |
/// | `enclosures` | array of `{"url": string, "type": string or null, "length": string or null}`, `[]` when none |
/// | `article_url` | string or null: the item's page, its final URL after redirects, when fetched |
/// | `article_status` | string: `ok`, `skipped` (not fetched), or why the capture failed |
/// | `article_title`, `article_byline` | string or null: the page's headline and byline |
/// | `article_published` | date or null: when the page says it was published |
/// | `article_text` | string or null: the article body, paragraphs separated by one blank line |
/// | `article_captions` | array of strings: image captions and credits, `[]` when none |
/// | `article_image`, `article_lang` | string or null: lead image URL, page language |
///
/// Dates are UTC, `YYYY-MM-DDTHH:MM:SSZ` (whole seconds). A missing value is `null`, never
/// omitted; an empty string stays `""`. A date outside years 0000–9999 is written as `null`
/// (`fetched_at` is clamped into that range instead). Strings escape `"`, `\`, control characters
/// and U+2028/U+2029; everything else is literal UTF-8. Readers ignore keys they do not know, so
/// later versions may add keys; a change that breaks readers bumps `v`. The `article_*` keys came
/// that way: lines written before them read as records whose `article.status` is nil.
/// `canonical_url` is the page's canonical URL when the page was captured (`article_status` ok).
public struct ArchiveRecord: Sendable, Equatable {
    /// The schema version this feedd writes and reads.
    public static let schemaVersion = 1

    /// The dedup key: the canonical form of the item's URL (see README, "Canonical URL").
    public var canonicalURL: String
    /// The item's URL as the feed gave it, made absolute.
    public var url: String?
    /// The URL of the feed the item was read from.
    public var feedURL: String
    /// The feed's title when the item was fetched.
    public var feedTitle: String?
    /// RSS `guid` or Atom `id`.
    public var guid: String?
    /// The item's title.
    public var title: String?
    /// The item's author, as one display string.
    public var author: String?
    /// When the item was published, if the feed says.
    public var published: Date?
    /// When the item was last updated, if the feed says.
    public var updated: Date?
    /// When feedd fetched the feed that carried the item.
    public var fetchedAt: Date
    /// The item's summary or description (HTML as published).
    public var summary: String?
    /// The item's full content (HTML as published).
    public var content: String?
    /// Plain-text rendering of `content` (or `summary`).
    public var contentText: String?
    /// Category terms, in feed order.
    public var categories: [String]
    /// Enclosures, in feed order.
    public var enclosures: [ArchivedEnclosure]
    /// What was captured of the item's page.
    public var article: ArchivedArticle

    /// A record with every field given; see the properties for what each holds.
    public init(
        canonicalURL: String, url: String?, feedURL: String, feedTitle: String?, guid: String?,
        title: String?, author: String?, published: Date?, updated: Date?, fetchedAt: Date,
        summary: String?, content: String?, contentText: String?, categories: [String],
        enclosures: [ArchivedEnclosure], article: ArchivedArticle = .skipped
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
        self.article = article
    }
}

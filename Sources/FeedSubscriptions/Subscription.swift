/// One feed in a subscription list: what OPML carries and what a `[[feed]]` table holds.
public struct Subscription: Sendable, Equatable {
    /// The feed's URL, as the list gives it (trimmed).
    public var url: String
    /// The feed's name (OPML `title`, else `text`), nil when the list gives none.
    public var title: String?
    /// Folder paths such as "Tech/Linux": the outline folders the feed sits in first, then the
    /// entries of its `category` attribute.
    public var categories: [String]
    /// The site's home page (OPML `htmlUrl`).
    public var siteURL: String?
    /// Poll interval in seconds, from feedd's own OPML attribute.
    public var interval: Int?
    /// Line of the outline in the file it was read from.
    public var line: Int?

    /// A subscription with the given values.
    public init(url: String, title: String? = nil, categories: [String] = [], siteURL: String? = nil,
                interval: Int? = nil, line: Int? = nil) {
        self.url = url
        self.title = title
        self.categories = categories
        self.siteURL = siteURL
        self.interval = interval
        self.line = line
    }
}

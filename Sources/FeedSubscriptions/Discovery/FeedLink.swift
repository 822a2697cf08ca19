/// A feed an HTML page points to, or a place where a feed commonly lives.
public struct FeedLink: Sendable, Equatable {
    /// Where the link was found.
    public enum Origin: Sendable, Equatable {
        /// A `<link rel="alternate">` in the page, with its `type`.
        case alternate(type: String)
        /// One of the paths feeds commonly live at (`/feed`, `/rss.xml`, ...), not linked.
        case commonPath
    }

    /// Absolute URL, resolved against the page (and its `<base href>`).
    public var url: String
    /// The link's `title` attribute, if any.
    public var title: String?
    public var origin: Origin

    /// A link to `url`.
    public init(url: String, title: String? = nil, origin: Origin) {
        self.url = url
        self.title = title
        self.origin = origin
    }
}

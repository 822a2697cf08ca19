/// Where a page came from: what the extractor needs besides its bytes.
public struct PageContext: Sendable {
    /// The final URL after redirects: relative links, `rel=canonical` and `og:url` resolve against it.
    public var url: String
    /// The HTTP `Content-Type`, which may carry the charset; nil when unknown (a file).
    public var contentType: String?

    /// A context for a page fetched from (or standing for) `url`.
    public init(url: String, contentType: String? = nil) {
        self.url = url
        self.contentType = contentType
    }
}

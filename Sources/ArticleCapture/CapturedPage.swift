import ArticleExtraction

/// What capturing one item's page gave.
public struct CapturedPage: Sendable, Equatable {
    /// The outcome: the page was read, or why not.
    public enum Status: Sendable, Equatable {
        case ok
        /// One line naming the cause ("HTTP 404 Not Found", "timed out after 30 s", …).
        case failed(String)
        /// The caller's task was cancelled (shutdown): nothing is known.
        case cancelled
    }

    public var status: Status
    /// The page's URL after redirects, when a response came.
    public var finalURL: String?
    /// The item's page-level dedup key: the canonical form of the page's trusted canonical URL,
    /// else of its final URL. Nil unless `status` is ok.
    public var canonicalURL: String?
    /// The article, when `status` is ok.
    public var article: ExtractedArticle?
    /// Pages fetched for it (the page, and a cross-site canonical page checked).
    public var fetches: Int
    /// The outcome as one short fixed word, for metrics: `ok`, `http_4xx`, `http_5xx`, a fetch
    /// failure's kind (`timeout`, `dns`, `refusedAddress`, …) or an extraction one (`notHTML`, …).
    public var outcome: String = "ok"

    public init(status: Status, finalURL: String? = nil, canonicalURL: String? = nil, article: ExtractedArticle? = nil,
                fetches: Int = 0) {
        self.status = status
        self.finalURL = finalURL
        self.canonicalURL = canonicalURL
        self.article = article
        self.fetches = fetches
    }
}

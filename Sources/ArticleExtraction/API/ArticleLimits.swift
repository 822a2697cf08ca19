/// Bounds that keep one hostile page from costing the daemon more than a bounded amount of
/// memory and time. Past `maxPageBytes` a page is refused; past the others the parse stops and
/// the article is extracted from what was read (a bounded result, never a hang).
public struct ArticleLimits: Sendable, Equatable {
    /// Larger pages are refused (the daemon's `[article] max_page`).
    public var maxPageBytes: Int
    /// Elements nested deeper than this end the parse (real pages stay under 100).
    public var maxDepth: Int
    /// Nodes (elements and text runs) past this many end the parse (large real pages have a few
    /// tens of thousands; the 90 dev pages at most 1,700 elements).
    public var maxElements: Int
    /// A start tag with more attributes refuses the page: libxml2 checks each new attribute
    /// against all earlier ones of its tag, so thousands of them cost quadratic time.
    public var maxAttributesPerTag: Int
    /// Parser errors past this many end the parse: each costs libxml2 a formatted message and
    /// an unmatched end tag a scan of the open elements.
    public var maxParserErrors: Int

    /// The defaults: 8 MiB pages, depth 512, 100,000 nodes, 512 attributes a tag, 20,000 parser errors.
    public init(
        maxPageBytes: Int = 8 << 20, maxDepth: Int = 512, maxElements: Int = 100_000,
        maxAttributesPerTag: Int = 512, maxParserErrors: Int = 20_000
    ) {
        self.maxPageBytes = maxPageBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
        self.maxAttributesPerTag = maxAttributesPerTag
        self.maxParserErrors = maxParserErrors
    }
}

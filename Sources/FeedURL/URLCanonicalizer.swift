/// Turns an item's URL into the canonical form used as its dedup key.
///
/// Skeleton placeholder: the rules of DESIGN.md land with the FeedURL module.
public struct URLCanonicalizer: Sendable {
    public init() {}

    /// The canonical form of an absolute URL, or nil when `url` is not absolute.
    public func canonicalize(_ url: String) -> String? {
        url.contains("://") ? url : nil
    }
}

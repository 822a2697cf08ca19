/// The key under which an item is remembered as archived.
public enum DedupKey {
    /// The string the seen-index hashes: `canonicalURL` with `http://` folded into `https://`.
    ///
    /// Sites move from http to https and their feeds then republish every item with the new
    /// scheme; folding the two keeps those items from being archived twice. Nothing else is
    /// folded: a trailing slash or a `www.` can name a different page.
    public static func of(canonicalURL: String) -> String {
        guard canonicalURL.utf8.starts(with: "http://".utf8) else { return canonicalURL }
        return "https://" + Substring(canonicalURL.utf8.dropFirst(7))
    }
}

import FeedURL

/// Resolution of a link found in a feed against the base in force where it was found.
enum LinkResolution {
    /// `reference` made absolute against `base`, within `budget` (with room for `expansion`
    /// times the result, for a caller that escapes it). A reference that already names a
    /// scheme is returned as it is (as Python's `urljoin`, and so feedparser, returns it),
    /// which also spares the resolver the common case; with no base, or when the budget is
    /// spent, the reference stays as written.
    static func resolve(_ reference: String, against base: String, within budget: LinkBudget, expansion: Int = 1) -> String {
        guard !base.isEmpty, !reference.isEmpty, !HTMLLinkResolver.hasScheme(reference) else { return reference }
        // Percent-encoding can triple either part; a few bytes more for a `/` put in.
        let bound = 3 * (base.utf8.count + reference.utf8.count) + 8
        guard budget.allows(expansion * bound) else { return reference }
        let resolved = HTMLLinkResolver.hasScheme(base)
            ? URLResolution.resolve(reference, against: base) : joinedToRelativeBase(reference, base)
        budget.spend(resolved.utf8.count)
        return resolved
    }

    /// Joining to a base that is itself relative (an `xml:base` in a document read without
    /// a URL): what Python's `urljoin` gives, which RFC 3986 leaves undefined.
    private static func joinedToRelativeBase(_ reference: String, _ base: String) -> String {
        if reference.hasPrefix("/") || reference.hasPrefix("?") || reference.hasPrefix("#") { return reference }
        guard let slash = base.utf8.lastIndex(of: UInt8(ascii: "/")) else { return reference }
        return String(decoding: base.utf8[...slash], as: UTF8.self) + reference
    }
}

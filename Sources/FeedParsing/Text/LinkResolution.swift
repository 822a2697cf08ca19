import FeedURL

/// Resolution of a link found in a feed against the base in force where it was found.
enum LinkResolution {
    /// `reference` made absolute against `base`. A reference that already names a scheme is
    /// returned as it is (as Python's `urljoin`, and so feedparser, returns it), which also
    /// spares the resolver the common case; with no base the reference stays relative.
    static func resolve(_ reference: String, against base: String) -> String {
        guard !base.isEmpty, !reference.isEmpty, !HTMLLinkResolver.hasScheme(reference) else { return reference }
        guard HTMLLinkResolver.hasScheme(base) else { return joinedToRelativeBase(reference, base) }
        return URLResolution.resolve(reference, against: base)
    }

    /// Joining to a base that is itself relative (an `xml:base` in a document read without
    /// a URL): what Python's `urljoin` gives, which RFC 3986 leaves undefined.
    private static func joinedToRelativeBase(_ reference: String, _ base: String) -> String {
        if reference.hasPrefix("/") || reference.hasPrefix("?") || reference.hasPrefix("#") { return reference }
        guard let slash = base.utf8.lastIndex(of: UInt8(ascii: "/")) else { return reference }
        return String(decoding: base.utf8[...slash], as: UTF8.self) + reference
    }
}

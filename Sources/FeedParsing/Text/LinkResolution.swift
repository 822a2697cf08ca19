import FeedURL

/// Resolution of a link found in a feed against the base in force where it was found.
enum LinkResolution {
    /// `reference` made absolute against `base`. A reference that already names a scheme is
    /// returned as it is (as Python's `urljoin`, and so feedparser, returns it), which also
    /// spares the resolver the common case; with no base the reference stays relative.
    static func resolve(_ reference: String, against base: String) -> String {
        guard !base.isEmpty, !reference.isEmpty, !HTMLLinkResolver.hasScheme(reference) else { return reference }
        return URLResolution.resolve(reference, against: base)
    }
}

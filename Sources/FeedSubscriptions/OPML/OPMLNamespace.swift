/// feedd's own OPML attributes (`feedd:interval`), which other readers ignore.
public enum OPMLNamespace {
    /// The namespace URI of feedd's attributes.
    public static let uri = "https://feedd.invalid/opml"
    /// The prefix `feedd export-opml` writes.
    static let prefix = "feedd"
}

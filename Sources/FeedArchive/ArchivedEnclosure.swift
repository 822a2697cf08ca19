/// An enclosure (podcast audio, an image, …) as archived: `{"url":…,"type":…,"length":…}`.
public struct ArchivedEnclosure: Sendable, Equatable {
    /// The enclosure's absolute URL.
    public var url: String
    /// Its MIME type as the feed gave it, if any.
    public var type: String?
    /// Its length in bytes as the feed wrote it (kept as text: feeds write anything here).
    public var length: String?

    /// An enclosure at `url`, with its type and length when the feed gives them.
    public init(url: String, type: String?, length: String?) {
        self.url = url
        self.type = type
        self.length = length
    }
}

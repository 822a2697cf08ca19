import FeedArchive

/// A feed's state as the JSON object the database keeps: the object of a `feeds.jsonl` line
/// (the same keys), written and read by the same code as the local state files.
enum FeedStateJSON {
    static func encode(_ state: FeedState) -> String {
        var writer = JSONLineWriter(capacity: 256)
        state.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Nil when the object is not a feed state; the feed then starts afresh.
    static func decode(_ json: String) -> FeedState? {
        var json = json
        return json.withUTF8 { FeedStateLineParser.parseState(UnsafeRawBufferPointer($0)) }
    }
}

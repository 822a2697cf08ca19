import FeedArchive

/// One line of the feed-state files: `{"url":…,"state":{…}}`, or `{"url":…,"removed":true}` in the
/// journal when a feed's state was forgotten.
enum FeedStateLine {
    case saved(StoredFeedState)
    case removed(url: String)

    var url: String {
        switch self {
        case .saved(let stored): stored.url
        case .removed(let url): url
        }
    }

    /// The line's meaning, or nil when it is not a state line.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> FeedStateLine? {
        FeedStateLineParser.parse(bytes)
    }

    /// The URL of a line this type wrote, read without decoding the rest: the bytes between
    /// `{"url":"` and the next quote, when there is no escape in between. Nil otherwise (the
    /// caller decodes the whole line).
    static func quickURL(_ bytes: UnsafeRawBufferPointer) -> String? {
        quickURLBytes(bytes).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `quickURL`'s bytes, a slice of `bytes`, not copied.
    static func quickURLBytes(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        let prefix: StaticString = "{\"url\":\""
        let count = prefix.utf8CodeUnitCount
        guard bytes.count > count else { return nil }
        for index in 0..<count where bytes[index] != prefix.utf8Start[index] { return nil }
        var end = count
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\\") { return nil }
            if byte == UInt8(ascii: "\"") { return UnsafeRawBufferPointer(rebasing: bytes[count..<end]) }
            end += 1
        }
        return nil
    }

    /// Whether the line is a removal, told from its end for the lines this type writes.
    static func isRemoval(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let suffix: StaticString = ",\"removed\":true}"
        let count = suffix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return bytes[(bytes.count - count)...].elementsEqual(UnsafeRawBufferPointer(start: suffix.utf8Start, count: count))
    }

    /// Appends the line, with its `\n`.
    func write(to writer: inout JSONLineWriter) {
        writer.appendRaw("{\"url\":")
        writer.appendString(url)
        switch self {
        case .saved(let stored):
            writer.appendRaw(",\"state\":")
            stored.state.write(to: &writer)
            writer.appendRaw("}\n")
        case .removed:
            writer.appendRaw(",\"removed\":true}\n")
        }
    }
}

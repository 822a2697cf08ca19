/// How far into the archive something reaches: the size of every segment and of the alias log,
/// the number of record lines, and a fingerprint of the last line, so that opening can tell, from
/// a few `stat` calls and one short read, whether the archive still is what the seen-index saw.
struct ArchivePosition: Codable, Equatable, Sendable {
    /// One segment and its size at this position.
    struct Segment: Codable, Equatable, Sendable {
        var name: String
        var size: Int64
    }

    /// Every segment that existed, in write order, with its size.
    var segments: [Segment] = []
    /// Size of `archive/aliases.jsonl`.
    var aliasesSize: Int64 = 0
    /// Lines of the segments up to here.
    var lineCount = 0
    /// Where the last line of the newest non-empty segment starts, and the hash of its bytes.
    var lastLineStart: Int64?
    var lastLineHash: [UInt64]?

    /// The position after `bytes` more were appended to segment `name` (which may be new).
    mutating func advance(segment name: String, by bytes: Int64, lines: Int) {
        if let index = segments.lastIndex(where: { $0.name == name }) {
            segments[index].size += bytes
        } else {
            segments.append(Segment(name: name, size: bytes))
        }
        lineCount += lines
    }
}

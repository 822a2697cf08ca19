import Foundation

/// Where a line is: its segment file and its line number there (from 1, as editors count).
public struct ArchiveLineLocation: Sendable, Equatable, CustomStringConvertible {
    /// The segment file's path.
    public let segmentPath: String
    /// The line's number in that file, from 1.
    public let lineNumber: Int

    /// Line `lineNumber` (from 1) of the segment at `segmentPath`.
    public init(segmentPath: String, lineNumber: Int) {
        self.segmentPath = segmentPath
        self.lineNumber = lineNumber
    }

    /// `path:line`, as compilers and editors write it.
    public var description: String { "\(segmentPath):\(lineNumber)" }
}

/// The complete lines of every segment, numbered from 0 across segments in write order: line k of
/// the archive is record k of the seen-index.
struct ArchiveLines {
    let segments: [ArchiveLayout.Segment]
    let lineCounts: [Int]
    var total: Int { lineCounts.reduce(0, +) }

    /// Calls `body` for every line from archive line `first` on, in order.
    func forEachLine(
        from first: Int, _ body: (UnsafeRawBufferPointer, ArchiveLineLocation) throws -> Void
    ) throws {
        var linesBefore = 0
        for (segment, count) in zip(segments, lineCounts) {
            defer { linesBefore += count }
            guard first < linesBefore + count else { continue }
            let firstHere = max(0, first - linesBefore)
            try LineReader.forEachLine(path: segment.path, from: firstHere) { number, line in
                // A segment still growing may hold more lines than were counted; they are not ours.
                guard number < count else { return }
                try body(line, ArchiveLineLocation(segmentPath: segment.path, lineNumber: number + 1))
            }
        }
    }

    /// The seen-key of archive line `number`; the last line is read from the end of its file.
    func key(ofLine number: Int, hasher: DedupKeyHasher) throws -> SeenKey {
        if number == total - 1, let lastSegment = lineCounts.lastIndex(where: { $0 > 0 }) {
            let file = try FileDescriptor(path: segments[lastSegment].path, flags: O_RDONLY)
            if let last = try LineReader.lastLine(in: file, size: try file.size()) {
                return last.bytes.withUnsafeBytes { hasher.key(line: $0).key }
            }
        }
        var found: SeenKey?
        try forEachLine(from: number) { line, _ in
            if found == nil { found = hasher.key(line: line).key }
        }
        guard let found else { throw ArchiveError.invalidRecord(reason: "the archive has no line \(number + 1)") }
        return found
    }
}

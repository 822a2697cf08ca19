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


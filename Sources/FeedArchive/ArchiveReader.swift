import Foundation

/// Reads the archive under a state directory, every segment in write order, for `feedd export`,
/// `feedd tail` and the like. It takes no lock: a running feedd may be appending meanwhile, and
/// the reader sees whole lines only (a line still being written is left for the next read).
public struct ArchiveReader: Sendable {
    private let layout: ArchiveLayout

    /// A reader of the archive under `stateDirectory` (nothing is opened until asked).
    public init(stateDirectory: String) {
        layout = ArchiveLayout(stateDirectory: stateDirectory)
    }

    /// The segment files, oldest first. Files in `archive/` that are not segments are left out.
    public func segmentPaths() throws -> [String] {
        try layout.segments().segments.map(\.path)
    }

    /// Calls `body` with every complete line (without its `\n`) of every segment, in order.
    /// The bytes are valid only during the call.
    public func forEachLine(_ body: (UnsafeRawBufferPointer, ArchiveLineLocation) throws -> Void) throws {
        for segment in try layout.segments().segments {
            try LineReader.forEachLine(path: segment.path) { number, line in
                try body(line, ArchiveLineLocation(segmentPath: segment.path, lineNumber: number + 1))
            }
        }
    }

    /// Calls `body` with every record, in order. A line that is not a record stops the reading
    /// with `ArchiveError.invalidLine` naming its file, line number and fault.
    public func forEachRecord(_ body: (ArchiveRecord) throws -> Void) throws {
        try forEachLine { line, location in
            let record: ArchiveRecord
            do throws(ArchiveError) {
                record = try ArchiveRecord(jsonLine: line)
            } catch {
                throw ArchiveError.invalidLine(path: location.segmentPath, lineNumber: location.lineNumber,
                                               reason: error.description)
            }
            try body(record)
        }
    }

    /// Calls `body` with every alias (`archive/aliases/aliases.jsonl`), in order; lines that are
    /// not aliases (a torn last one) are skipped, as at start-up.
    public func forEachAlias(_ body: (AliasRecord) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: layout.aliasesPath) else { return }
        _ = try LineReader.forEachLine(path: layout.aliasesPath) { _, line in
            if let alias = AliasRecord(jsonLine: line) { try body(alias) }
        }
    }
}

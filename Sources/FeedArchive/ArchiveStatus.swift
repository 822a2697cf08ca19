/// A snapshot of the archive for status displays (`feedd status`, sd_notify STATUS=).
public struct ArchiveStatus: Sendable, Equatable {
    /// The state directory the archive lives in.
    public let stateDirectory: String
    /// Lines in the archive: every record ever archived (plus any foreign lines it was given).
    public let itemCount: Int
    /// Distinct dedup keys known (records and aliases): what the seen-index holds.
    public let distinctKeyCount: Int
    /// Memory the seen-index takes: the filters and fences of its runs (about 1.3 bytes a key)
    /// and the keys written since its last checkpoint.
    public let indexMemoryBytes: Int
    /// Run files the seen-index is made of.
    public let indexRunCount: Int
    /// Bytes of segments and alias log.
    public let archiveBytes: Int64
    /// The segment appends currently go to; nil before the first append into an empty archive.
    public let currentSegmentPath: String?
    /// Group commits (one write and one fdatasync each) since open.
    public let groupCommitCount: Int
    /// The last append error, until an append succeeds again.
    public let lastWriteError: String?
}

/// What `Archive.reindex` found.
public struct ArchiveIndexSummary: Sendable, Equatable {
    /// Lines in the archive, all indexed.
    public let lineCount: Int
    /// Distinct dedup keys among them.
    public let distinctKeyCount: Int
    /// Lines that are not archive records (kept, counted for nothing).
    public let invalidLineCount: Int

    /// A summary of an index built over `lineCount` lines.
    public init(lineCount: Int, distinctKeyCount: Int, invalidLineCount: Int) {
        self.lineCount = lineCount
        self.distinctKeyCount = distinctKeyCount
        self.invalidLineCount = invalidLineCount
    }
}

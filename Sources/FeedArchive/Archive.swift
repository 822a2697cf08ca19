import Foundation

/// The append-only archive with its seen-index: the one writer of `<state_dir>/archive/`.
///
/// `archive` keeps what is new, makes it durable (write + fdatasync, shared with concurrent
/// callers by group commit) and only then returns, so whatever a caller logs as ingested
/// survives a crash. The archive is the source of truth; the seen-index is derived from it,
/// checked against it at open and rebuilt whenever they disagree.
public actor Archive: ArchiveStore {
    /// The state directory this archive lives in.
    public nonisolated let stateDirectory: String
    /// `<state_dir>/archive`, where the segments are.
    public nonisolated let directory: String

    private let hasher: DedupKeyHasher
    /// Keys of every archived record and alias, and of those being written right now.
    private let index: SeenIndex
    private let writer: GroupCommitWriter
    private var lock: StateDirectoryLock?
    private var isOpen = true
    private var appendsInFlight = 0
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    private init(layout: ArchiveLayout, recovered: RecoveredArchive, writer: GroupCommitWriter, lock: StateDirectoryLock) {
        stateDirectory = layout.stateDirectory
        directory = layout.archiveDirectory
        hasher = recovered.hasher
        index = recovered.index
        self.writer = writer
        self.lock = lock
    }

    /// Opens (creating when needed) the archive under `stateDirectory`.
    ///
    /// Creates and checks the state directory (`StateDirectory.prepare`: a directory others could
    /// tamper with throws `StateDirectoryError`), takes its lock for the life of the archive (a second opener gets
    /// `ArchiveError.locked` naming the holder's pid), repairs a torn last line, and checks the
    /// seen-index against the archive: only what was written since the index's last checkpoint is
    /// read, unless the index has to be rebuilt (then `progress` hears about it every five seconds).
    /// Each repair is one line to `log`. Call it where blocking is fine. It also sets SIGXFSZ to
    /// be ignored, so a file-size limit is an error, not a killed process.
    public static func open(
        stateDirectory: String, options: ArchiveOptions = ArchiveOptions(),
        log: @escaping @Sendable (String) -> Void = { _ in },
        progress: @escaping @Sendable (RebuildProgress) -> Void = { _ in }
    ) throws -> Archive {
        try options.validate()
        let layout = ArchiveLayout(stateDirectory: stateDirectory)
        try StateDirectory.prepare(stateDirectory, files: [layout.lockPath, layout.manifestPath, layout.aliasesPath])
        let lock = try StateDirectoryLock.acquire(path: layout.lockPath)
        signal(SIGXFSZ, SIG_IGN)
        var recovery = ArchiveRecovery(layout: layout, log: log, progress: progress)
        recovery.checkpointKeys = options.indexCheckpointKeys
        let recovered = try recovery.recover()
        let segments = try SegmentWriter(layout: layout, options: options, newest: recovered.segments.last)
        let aliases = try AliasWriter(path: layout.aliasesPath)
        let writer = GroupCommitWriter(segments: segments, aliases: aliases, index: recovered.index,
                                       hasher: recovered.hasher, position: recovered.position, log: log)
        return Archive(layout: layout, recovered: recovered, writer: writer, lock: lock)
    }

    /// Rebuilds the seen-index of the archive under `stateDirectory` from the archive (after
    /// repairing a torn last line). Checks the state directory like `open`, and takes the lock,
    /// so it fails while a feedd runs there.
    public static func reindex(
        stateDirectory: String, log: @escaping @Sendable (String) -> Void = { _ in },
        progress: @escaping @Sendable (RebuildProgress) -> Void = { _ in }
    ) throws -> ArchiveIndexSummary {
        let layout = ArchiveLayout(stateDirectory: stateDirectory)
        try StateDirectory.prepare(stateDirectory, files: [layout.lockPath, layout.manifestPath, layout.aliasesPath])
        let lock = try StateDirectoryLock.acquire(path: layout.lockPath)
        let recovered = try withExtendedLifetime(lock) {
            try ArchiveRecovery(layout: layout, log: log, progress: progress).recover(forceRebuild: true)
        }
        return ArchiveIndexSummary(lineCount: recovered.position.lineCount, distinctKeyCount: recovered.index.count,
                                   invalidLineCount: recovered.invalidLineCount)
    }

    // MARK: ArchiveStore

    public func knows(_ keys: [String]) -> [Bool] {
        keys.map { index.contains(hasher.key(canonicalURL: $0)) }
    }

    public func archive(_ entries: [ArchiveEntry]) async throws -> [ArchiveOutcome] {
        guard isOpen else { throw ArchiveError.closed }
        var outcomes: [ArchiveOutcome] = []
        outcomes.reserveCapacity(entries.count)
        var lines: [UInt8] = []
        var aliasLines: [UInt8] = []
        var lineCount = 0
        var keys: [SeenKey] = []
        var claimedHere = Set<SeenKey>()
        for entry in entries {
            let record = entry.record
            let key = hasher.key(canonicalURL: record.canonicalURL)
            let isNew = index.reserve(key)
            if isNew {
                if lines.isEmpty { lines.reserveCapacity(entries.reduce(0) { $0 + $1.record.estimatedLineSize }) }
                record.appendJSONLine(to: &lines)
                lineCount += 1
                keys.append(key)
                claimedHere.insert(key)
            }
            outcomes.append(isNew ? .archived : .duplicate)
            // An alias must never point at an item that may yet fail to be written: it would hide
            // the item for good. So only at one that is durable, or written in this same commit;
            // a duplicate of another append still under way gets no alias this time.
            guard claimedHere.contains(key) || index.isDurable(key) else { continue }
            for alias in entry.aliases where alias != record.canonicalURL {
                let aliasKey = hasher.key(canonicalURL: alias)
                guard index.reserve(aliasKey) else { continue }
                AliasRecord(alias: alias, canonicalURL: record.canonicalURL).appendJSONLine(to: &aliasLines)
                keys.append(aliasKey)
            }
        }
        guard !keys.isEmpty else { return outcomes }
        appendsInFlight += 1
        defer { appendFinished() }
        do {
            try await writer.commit(lines: lines, lineCount: lineCount, aliasLines: aliasLines, keys: keys)
        } catch {
            index.release(keys)
            throw error
        }
        return outcomes
    }

    /// Archives the records not seen before and returns them, in order, once durable.
    ///
    /// A record is dropped when its dedup key is already archived, appeared earlier in `records`,
    /// or is in another caller's append still being written. On a write or sync failure nothing
    /// of this call is archived, its keys are forgotten (a later append may archive them), and
    /// the error names the segment and the cause.
    public func append(_ records: [ArchiveRecord]) async throws -> [ArchiveRecord] {
        let outcomes = try await archive(records.map { ArchiveEntry(record: $0) })
        return zip(records, outcomes).compactMap { $1 == .archived ? $0 : nil }
    }

    /// Whether an item with this canonical URL is archived (or being archived).
    public func contains(canonicalURL: String) -> Bool {
        index.contains(hasher.key(canonicalURL: canonicalURL))
    }

    /// The number of lines (records) in the archive.
    public var itemCount: Int { writer.position.lineCount }

    /// A snapshot for status displays.
    public func status() -> ArchiveStatus {
        let position = writer.position
        return ArchiveStatus(
            stateDirectory: stateDirectory, itemCount: position.lineCount, distinctKeyCount: index.count,
            indexMemoryBytes: index.memoryBytes, indexRunCount: index.runFileNames.count,
            archiveBytes: position.segments.reduce(0) { $0 + $1.size } + position.aliasesSize,
            currentSegmentPath: writer.currentSegmentPath, groupCommitCount: writer.groupCount,
            lastWriteError: writer.lastError
        )
    }

    /// Waits for appends under way, checkpoints the seen-index, closes the files and releases the
    /// lock. Appends after this throw `ArchiveError.closed`.
    public func close() async {
        guard isOpen else { return }
        isOpen = false
        while appendsInFlight > 0 {
            await withCheckedContinuation { closeWaiters.append($0) }
        }
        await writer.close()
        lock = nil
    }

    private func appendFinished() {
        appendsInFlight -= 1
        guard appendsInFlight == 0 else { return }
        for waiter in closeWaiters { waiter.resume() }
        closeWaiters = []
    }
}

import Foundation

/// The append-only archive with its seen-index: the one writer of `<state_dir>/archive/`.
///
/// `append` keeps what is new, makes it durable (write + fdatasync, shared with concurrent
/// callers by group commit) and only then returns it, so whatever a caller logs as ingested
/// survives a crash. The archive is the source of truth; the seen-index is rebuilt from it
/// whenever it is missing or does not agree.
public actor Archive {
    /// The state directory this archive lives in.
    public nonisolated let stateDirectory: String
    /// `<state_dir>/archive`, where the segments are.
    public nonisolated let directory: String

    private let hasher: DedupKeyHasher
    /// Keys of every archived record, and of records being written right now.
    private var seen: SeenKeySet
    private let writer: GroupCommitWriter
    private var lock: StateDirectoryLock?
    private var isOpen = true
    private var lineCount: Int
    private var appendsInFlight = 0
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    private init(layout: ArchiveLayout, hasher: DedupKeyHasher, keys: SeenKeySet, lineCount: Int,
                 writer: GroupCommitWriter, lock: StateDirectoryLock) {
        stateDirectory = layout.stateDirectory
        directory = layout.archiveDirectory
        self.hasher = hasher
        seen = keys
        self.lineCount = lineCount
        self.writer = writer
        self.lock = lock
    }

    /// Opens (creating when needed) the archive under `stateDirectory`.
    ///
    /// Creates and checks the state directory (`StateDirectory.prepare`: a directory others could
    /// tamper with throws `StateDirectoryError`), takes its lock for the life of the archive (a
    /// second opener gets `ArchiveError.locked` naming the holder's pid), repairs a torn last line, and loads the
    /// seen-index, reconciling or rebuilding it from the archive. Each repair is one line to `log`.
    /// This reads the whole archive once (to count its lines), so call it where blocking is fine.
    /// It also sets SIGXFSZ to be ignored, so a file-size limit is an error, not a killed process.
    public static func open(
        stateDirectory: String, options: ArchiveOptions = ArchiveOptions(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> Archive {
        try options.validate()
        let layout = ArchiveLayout(stateDirectory: stateDirectory)
        try StateDirectory.prepare(stateDirectory, files: [layout.lockPath, layout.indexPath])
        let lock = try StateDirectoryLock.acquire(path: layout.lockPath)
        signal(SIGXFSZ, SIG_IGN)
        let recovered = try ArchiveRecovery(layout: layout, log: log).recover()
        let (hasher, keys, lineCount) = (recovered.hasher, recovered.keys, recovered.lineCount)
        let segments = try SegmentWriter(layout: layout, options: options, newest: recovered.segments.last)
        let writer = GroupCommitWriter(segments: segments, index: recovered.index, log: log)
        return Archive(layout: layout, hasher: hasher, keys: keys, lineCount: lineCount, writer: writer, lock: lock)
    }

    /// Rebuilds the seen-index of the archive under `stateDirectory` from the archive (after
    /// repairing a torn last line). Checks the state directory like `open`, and takes the lock,
    /// so it fails while a feedd runs there.
    public static func reindex(
        stateDirectory: String, log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> ArchiveIndexSummary {
        let layout = ArchiveLayout(stateDirectory: stateDirectory)
        try StateDirectory.prepare(stateDirectory, files: [layout.lockPath, layout.indexPath])
        let lock = try StateDirectoryLock.acquire(path: layout.lockPath)
        let recovered = try withExtendedLifetime(lock) {
            try ArchiveRecovery(layout: layout, log: log).recover(forceRebuild: true)
        }
        if let failure = recovered.index.failure { throw ArchiveError.indexNotWritten(reason: failure) }
        return ArchiveIndexSummary(lineCount: recovered.lineCount, distinctKeyCount: recovered.keys.count,
                                   invalidLineCount: recovered.invalidLineCount)
    }

    /// Archives the records not seen before and returns them, in order, once durable.
    ///
    /// A record is dropped when its dedup key is already archived, appeared earlier in `records`,
    /// or is in another caller's append still being written. On a write or sync failure nothing
    /// of this call is archived, its keys are forgotten (a later append may archive them), and
    /// the error names the segment and the cause.
    public func append(_ records: [ArchiveRecord]) async throws -> [ArchiveRecord] {
        guard isOpen else { throw ArchiveError.closed }
        var fresh: [ArchiveRecord] = []
        var keys: [SeenKey] = []
        for record in records {
            let key = hasher.key(canonicalURL: record.canonicalURL)
            if seen.insert(key) {
                fresh.append(record)
                keys.append(key)
            }
        }
        guard !fresh.isEmpty else { return [] }
        var lines: [UInt8] = []
        lines.reserveCapacity(fresh.reduce(0) { $0 + $1.estimatedLineSize })
        for record in fresh { record.appendJSONLine(to: &lines) }

        appendsInFlight += 1
        defer { appendFinished() }
        do {
            try await writer.commit(lines: lines, keys: keys)
        } catch {
            for key in keys { seen.remove(key) }
            throw error
        }
        lineCount += fresh.count
        return fresh
    }

    /// Whether an item with this canonical URL is archived (or being archived).
    public func contains(canonicalURL: String) -> Bool {
        seen.contains(hasher.key(canonicalURL: canonicalURL))
    }

    /// For each canonical URL, whether it is archived (or being archived): one actor hop for a
    /// whole feed, so a poll can skip building records it would only throw away.
    public func containsEach(canonicalURLs: [String]) -> [Bool] {
        canonicalURLs.map { seen.contains(hasher.key(canonicalURL: $0)) }
    }

    /// The number of lines (records) in the archive.
    public var itemCount: Int { lineCount }

    /// A snapshot for status displays.
    public func status() -> ArchiveStatus {
        ArchiveStatus(
            stateDirectory: stateDirectory, itemCount: lineCount, distinctKeyCount: seen.count,
            seenSetBytes: seen.byteCount, currentSegmentPath: writer.currentSegmentPath,
            groupCommitCount: writer.groupCount, lastWriteError: writer.lastError
        )
    }

    /// Waits for appends under way, closes the files and releases the lock. Appends after this
    /// throw `ArchiveError.closed`.
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

import FeedArchive
import Foundation

/// Feed states on local disk, written in proportion to what changed: a snapshot of every feed
/// (`feeds.jsonl`) and an append-only journal of the states recorded since (`feeds.journal`), both
/// one `FeedStateLine` a line. Loading reads the snapshot, then the journal over it (the last
/// line for a URL wins). When the journal outgrows the snapshot, the two are merged into a new
/// snapshot, written beside the old one and renamed over it, and the journal is emptied.
///
/// A kill at any moment loses nothing that was written: appends are plain `write`s (in the kernel
/// once the call returns), a merge interrupted before its rename leaves the old pair as it was,
/// and one interrupted after it leaves a journal whose lines the new snapshot already holds
/// (reading them again changes nothing). A torn journal tail, the end of a write cut short, is
/// cut off at the next load. Nothing is fsynced but the merged snapshot: a power cut can cost
/// the last few seconds of state, which means only a refetch.
public actor FeedStateJournal: FeedStateStore {
    public nonisolated let snapshotPath: String
    public nonisolated let journalPath: String
    /// Where a merge writes the new snapshot before renaming it into place.
    public nonisolated var mergePath: String { snapshotPath + ".merging" }
    /// False for readers beside a running daemon (`feedd status`): nothing is repaired or written.
    public nonisolated let writable: Bool
    /// The journal is merged once it is larger than both the snapshot and this.
    public nonisolated let minimumMergeBytes: Int64

    private var journal: FileDescriptor?
    private var journalBytes: Int64 = 0
    private var snapshotBytes: Int64 = 0
    private let directory: String

    public init(stateDirectory: String, writable: Bool = true, minimumMergeBytes: Int64 = 4 << 20) {
        directory = stateDirectory
        snapshotPath = "\(stateDirectory)/feeds.jsonl"
        journalPath = "\(stateDirectory)/feeds.journal"
        self.writable = writable
        self.minimumMergeBytes = minimumMergeBytes
    }

    public func loadAll() throws -> FeedStateLoad {
        var problems: [String] = []
        if writable {
            if let repair = try repairJournalTail() { problems.append(repair) }
            if unlink(mergePath) == 0 {
                problems.append("\(mergePath): removed a merge cut short (the state it held is still in \(snapshotPath) and \(journalPath))")
            }
        }
        let decoder = JSONDecoder()
        var latest: [String: FeedState?] = [:]
        try readLines(journalPath, decoder: decoder, problems: &problems, tornTailIsDamage: false) { line in
            latest.updateValue(line.stateOrNil, forKey: line.url)
        }
        var states: [StoredFeedState] = []
        try readLines(snapshotPath, decoder: decoder, problems: &problems, tornTailIsDamage: true) { line in
            guard case .saved(let stored) = line, latest.index(forKey: stored.url) == nil else { return }
            states.append(stored)
        }
        for (url, state) in latest {
            if let state { states.append(StoredFeedState(url: url, state: state)) }
        }
        snapshotBytes = Self.size(of: snapshotPath)
        journalBytes = Self.size(of: journalPath)
        return FeedStateLoad(states: states, problems: problems)
    }

    public func record(_ states: [StoredFeedState]) throws {
        try append(states.map(FeedStateLine.saved))
    }

    public func remove(_ urls: [String]) throws {
        try append(urls.map { FeedStateLine.removed(url: $0) })
    }

    /// Appends the lines to the journal, then merges when it has grown large enough.
    private func append(_ lines: [FeedStateLine]) throws {
        guard !lines.isEmpty else { return }
        guard writable else { throw StateFileError(path: journalPath, reason: "opened read-only") }
        let file = try openJournal()
        var writer = JSONLineWriter(capacity: 256 << 10)
        for line in lines {
            line.write(to: &writer)
            if writer.bytes.count >= 192 << 10 { try flush(&writer, to: file) }
        }
        try flush(&writer, to: file)
        if journalBytes > max(minimumMergeBytes, snapshotBytes) { try merge() }
    }

    private func flush(_ writer: inout JSONLineWriter, to file: FileDescriptor) throws {
        if let code = writer.bytes.withUnsafeBytes({ file.write($0) }) {
            throw StateFileError(path: journalPath, reason: "cannot append: \(String(cString: strerror(code)))")
        }
        journalBytes += Int64(writer.bytes.count)
        writer.bytes.removeAll(keepingCapacity: true)
    }

    private func openJournal() throws -> FileDescriptor {
        if let journal { return journal }
        _ = try repairJournalTail()
        let file = try FileDescriptor(path: journalPath, flags: O_WRONLY | O_APPEND | O_CREAT)
        journalBytes = try file.size()
        snapshotBytes = Self.size(of: snapshotPath)
        journal = file
        return file
    }

    /// Cuts a journal line left without its `\n` (a write cut short), so that the next append
    /// starts a line of its own. One sentence for the operator when it cut anything.
    private func repairJournalTail() throws -> String? {
        guard journal == nil, FileManager.default.fileExists(atPath: journalPath) else { return nil }
        let file = try FileDescriptor(path: journalPath, flags: O_RDWR)
        let size = try file.size()
        let keep = try LineReader.lastNewline(before: size, in: file).map { $0 + 1 } ?? 0
        guard keep < size else { return nil }
        try file.truncate(to: keep)
        return "\(journalPath): cut a torn last line (\(size - keep) bytes without a newline); the feed it was saving keeps its previous state"
    }

    /// Writes the snapshot with the journal applied beside the old one, renames it into place,
    /// then empties the journal. Lines of the old snapshot that no journal line replaces are
    /// copied as they are, so a merge costs little more than the copy.
    private func merge() throws {
        let decoder = JSONDecoder()
        var ignored: [String] = []
        var latest: [String: FeedState?] = [:]
        try readLines(journalPath, decoder: decoder, problems: &ignored, tornTailIsDamage: false) { line in
            latest.updateValue(line.stateOrNil, forKey: line.url)
        }
        let output = try FileDescriptor(path: mergePath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var writer = JSONLineWriter(capacity: 256 << 10)
        var written: Int64 = 0
        func flushOutput() throws {
            if let code = writer.bytes.withUnsafeBytes({ output.write($0) }) {
                throw StateFileError(path: mergePath, reason: "cannot write: \(String(cString: strerror(code)))")
            }
            written += Int64(writer.bytes.count)
            writer.bytes.removeAll(keepingCapacity: true)
        }
        do {
            if FileManager.default.fileExists(atPath: snapshotPath) {
                try LineReader.forEachLine(path: snapshotPath, chunkSize: 256 << 10) { _, bytes in
                    guard let url = FeedStateLine.quickURL(bytes) ?? FeedStateLine.decode(bytes, using: decoder)?.url else { return }
                    if let replacement = latest.removeValue(forKey: url) {
                        if let state = replacement { FeedStateLine.saved(StoredFeedState(url: url, state: state)).write(to: &writer) }
                    } else {
                        writer.bytes.append(contentsOf: bytes)
                        writer.bytes.append(0x0A)
                    }
                    if writer.bytes.count >= 192 << 10 { try flushOutput() }
                }
            }
            for (url, state) in latest {
                guard let state else { continue }
                FeedStateLine.saved(StoredFeedState(url: url, state: state)).write(to: &writer)
                if writer.bytes.count >= 192 << 10 { try flushOutput() }
            }
            try flushOutput()
            if let code = output.syncData() { throw StateFileError(path: mergePath, reason: "cannot sync: \(String(cString: strerror(code)))") }
            guard rename(mergePath, snapshotPath) == 0 else {
                throw StateFileError(path: snapshotPath, reason: "cannot rename \(mergePath) over it: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(mergePath)
            throw error
        }
        if let directory = try? FileDescriptor(path: directory, flags: O_RDONLY) { _ = directory.sync() }
        // The snapshot holds everything now; replaying the journal over it would change nothing.
        try openJournal().truncate(to: 0)
        journalBytes = 0
        snapshotBytes = written
    }

    /// Hands every decodable line of `path` to `body`; damaged lines are counted into one problem.
    private func readLines(_ path: String, decoder: JSONDecoder, problems: inout [String], tornTailIsDamage: Bool,
                           _ body: (FeedStateLine) -> Void) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var damaged = 0
        var firstDamaged = 0
        var lines = 0
        let unfinished: Int
        do {
            unfinished = try LineReader.forEachLine(path: path, chunkSize: 256 << 10) { index, bytes in
                lines = index + 1
                guard bytes.count > 0 else { return }
                if let line = FeedStateLine.decode(bytes, using: decoder) {
                    body(line)
                } else {
                    damaged += 1
                    if firstDamaged == 0 { firstDamaged = index + 1 }
                }
            }
        } catch {
            problems.append("\(path): cannot read (\(error)); the feeds not read start afresh")
            return
        }
        // The snapshot is renamed into place whole, so a last line without its line feed is damage;
        // in the journal it is a write cut short (cut by a writer, skipped by a reader).
        if unfinished > 0 && tornTailIsDamage {
            damaged += 1
            if firstDamaged == 0 { firstDamaged = lines + 1 }
        }
        if damaged > 0 {
            problems.append("\(path): \(damaged) unreadable line\(damaged == 1 ? "" : "s") (first: line \(firstDamaged)); those feeds start afresh")
        }
    }

    private static func size(of path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

extension FeedStateLine {
    /// The saved state, or nil for a removal.
    fileprivate var stateOrNil: FeedState? {
        if case .saved(let stored) = self { return stored.state }
        return nil
    }
}

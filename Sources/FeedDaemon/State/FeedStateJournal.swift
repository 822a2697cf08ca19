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
/// cut off at the next load. Nothing is fsynced but the merged snapshot (before its rename, and
/// the directory after it): a power cut can cost the last few seconds of state, which means
/// only a refetch.
///
/// No file is opened through a symbolic link (`FileDescriptor` adds `O_NOFOLLOW`), and the merged
/// snapshot is always written to a new file (`O_EXCL`, whatever was at its path removed first).
public actor FeedStateJournal: FeedStateStore {
    public nonisolated let snapshotPath: String
    public nonisolated let journalPath: String
    /// Where a merge writes the new snapshot before renaming it into place.
    public nonisolated var mergePath: String { snapshotPath + ".merging" }
    /// False for readers beside a running daemon (`feedd status`): nothing is repaired or written.
    public nonisolated let writable: Bool
    /// The journal is merged once it is larger than both the snapshot and this: a floor that is
    /// small, so that merges come at the same point of the cycle for ten feeds as for a hundred
    /// thousand, and a save's cost stays proportional whatever the size.
    public nonisolated let minimumMergeBytes: Int64

    private var journal: FileDescriptor?
    private var journalBytes: Int64 = 0
    private var snapshotBytes: Int64 = 0
    private let directory: String

    public init(stateDirectory: String, writable: Bool = true, minimumMergeBytes: Int64 = 256 << 10) {
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
        // One array of states and one index into it: a dictionary of states would cost four
        // times the states themselves at a hundred thousand feeds.
        var states: [StoredFeedState] = []
        var indexByURL: [String: Int32] = [:]
        // Sized once: grown by doubling, the array would peak at half as much again.
        if let lines = try? LineReader.countLines(path: snapshotPath) {
            states.reserveCapacity(lines)
            indexByURL.reserveCapacity(lines)
        }
        // The journal first, then only the snapshot lines it does not replace: after a warm
        // pass the journal holds most feeds, and a snapshot line it replaces is skipped on its
        // URL alone, never decoded. A removal leaves a tombstone (an empty URL, dropped below)
        // that keeps the feed's snapshot line out as well.
        var removed = 0
        try readLines(journalPath, problems: &problems, tornTailIsDamage: false) { line in
            let index = indexByURL[line.url].map(Int.init)
            switch line {
            case .saved(let stored):
                guard let index else {
                    indexByURL[stored.url] = Int32(states.count)
                    states.append(stored)
                    return
                }
                if states[index].url.isEmpty { removed -= 1 }
                states[index] = stored
            case .removed(let url):
                guard let index else {
                    indexByURL[url] = Int32(states.count)
                    states.append(StoredFeedState(url: "", state: FeedState()))
                    removed += 1
                    return
                }
                guard !states[index].url.isEmpty else { return }
                states[index].url = ""
                removed += 1
            }
        }
        try readLines(snapshotPath, problems: &problems, tornTailIsDamage: true,
                      skipping: { indexByURL[$0] != nil }) { line in
            guard case .saved(let stored) = line, indexByURL[stored.url] == nil else { return }
            indexByURL[stored.url] = Int32(states.count)
            states.append(stored)
        }
        if removed > 0 { states.removeAll { $0.url.isEmpty } }
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
            // A write cut short (a full disk) must not leave half a line for the next one to join.
            try? file.truncate(to: journalBytes)
            writer.bytes.removeAll(keepingCapacity: true)
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
    /// then empties the journal. Lines are copied as they are, never decoded: the snapshot's
    /// lines that no journal line replaces, then the last journal line of each feed (unless it
    /// is a removal). What it holds meanwhile is one line number per feed in the journal.
    private func merge() throws {
        var lastLine = URLLineTable()
        try LineReader.forEachLine(path: journalPath, chunkSize: 256 << 10) { index, bytes in
            Self.withURL(of: bytes) { lastLine.set($0, line: Int32(index)) }
        }
        unlink(mergePath)  // left by a crash, or a link planted there: removed, never written through
        let output = try FileDescriptor(path: mergePath, flags: O_WRONLY | O_CREAT | O_EXCL)
        var writer = JSONLineWriter(capacity: 256 << 10)
        var written: Int64 = 0
        func copy(_ bytes: UnsafeRawBufferPointer) throws {
            writer.bytes.append(contentsOf: bytes)
            writer.bytes.append(0x0A)
            guard writer.bytes.count >= 192 << 10 else { return }
            try flushOutput()
        }
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
                    guard Self.withURL(of: bytes, { lastLine.line(of: $0) == nil }) == true else { return }
                    try copy(bytes)
                }
            }
            try LineReader.forEachLine(path: journalPath, chunkSize: 256 << 10) { index, bytes in
                guard Self.withURL(of: bytes, { lastLine.line(of: $0) == Int32(index) }) == true,
                      !FeedStateLine.isRemoval(bytes) else { return }
                try copy(bytes)
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
        try StateDirectory.sync(directory)
        // The snapshot holds everything now; replaying the journal over it would change nothing.
        try openJournal().truncate(to: 0)
        journalBytes = 0
        snapshotBytes = written
    }

    /// Calls `body` with the UTF-8 bytes of a state line's feed URL: read off the front of the
    /// lines this type writes, decoded from others. Nil for a damaged line, which is left out.
    private static func withURL<Result>(of bytes: UnsafeRawBufferPointer,
                                        _ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        if let url = FeedStateLine.quickURLBytes(bytes) { return body(url) }
        guard var url = FeedStateLine.decode(bytes)?.url else { return nil }
        return url.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    /// Hands every decodable line of `path` to `body`; damaged lines are counted into one problem.
    /// `skipping` is asked first with the URL read off the front of the line (`quickURL`): a
    /// line it is true for is passed over undecoded.
    private func readLines(_ path: String, problems: inout [String], tornTailIsDamage: Bool,
                           skipping: (String) -> Bool = { _ in false }, _ body: (FeedStateLine) -> Void) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var damaged = 0
        var firstDamaged = 0
        var lines = 0
        let unfinished: Int
        do {
            unfinished = try LineReader.forEachLine(path: path, chunkSize: 256 << 10) { index, bytes in
                lines = index + 1
                guard bytes.count > 0 else { return }
                if let url = FeedStateLine.quickURL(bytes), skipping(url) { return }
                if let line = FeedStateLine.decode(bytes) {
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

import Dispatch
import Synchronization

/// Makes appends durable with group commit, off the cooperative thread pool.
///
/// Callers queue their encoded lines and suspend. One serial dispatch queue drains the queue:
/// everything waiting is written with one `write` and one `fdatasync`, then every caller in that
/// group is resumed. While a sync is under way new callers pile up and go out together in the
/// next group, so many concurrent appends cost few syncs. Alias lines follow the records, and
/// the seen-index learns the group's keys (and the archive position after it) once both are
/// durable.
final class GroupCommitWriter: Sendable {
    /// One caller's lines, alias lines and keys, waiting for the next group.
    private struct Waiting {
        let lines: [UInt8]
        let lineCount: Int
        let aliasLines: [UInt8]
        let keys: [SeenKey]
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Queue {
        var waiting: [Waiting] = []
        var draining = false
    }

    /// The files, open until `close`.
    private struct Files {
        let segments: SegmentWriter
        let aliases: AliasWriter
        let index: SeenIndex
        let hasher: DedupKeyHasher
    }

    /// What the writer thread owns: the files, the archive position, and counts for status.
    private struct Storage {
        var files: Files?
        var position: ArchivePosition
        var groups = 0
        var lastError: String?
    }

    private let dispatchQueue = DispatchQueue(label: "feedd.archive.group-commit")
    private let queue = Mutex(Queue())
    private let storage: Mutex<Storage>
    private let log: @Sendable (String) -> Void

    init(segments: sending SegmentWriter, aliases: sending AliasWriter, index: SeenIndex, hasher: DedupKeyHasher,
         position: ArchivePosition, log: @escaping @Sendable (String) -> Void) {
        storage = Mutex(Storage(files: Files(segments: segments, aliases: aliases, index: index, hasher: hasher),
                                position: position))
        self.log = log
    }

    /// Returns once `lines` (`lineCount` records) are durable in the archive, or throws with none
    /// of them written; `aliasLines` follow them.
    func commit(lines: [UInt8], lineCount: Int, aliasLines: [UInt8], keys: [SeenKey]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startDrain = queue.withLock { queue in
                queue.waiting.append(Waiting(lines: lines, lineCount: lineCount, aliasLines: aliasLines, keys: keys,
                                             continuation: continuation))
                defer { queue.draining = true }
                return !queue.draining
            }
            if startDrain { dispatchQueue.async { self.drain() } }
        }
    }

    /// Number of group commits (write + fdatasync) done so far.
    var groupCount: Int { storage.withLock { $0.groups } }

    /// The segment being written, if any.
    var currentSegmentPath: String? { storage.withLock { $0.files?.segments.currentPath } }

    /// The last write error, until a later commit succeeds.
    var lastError: String? { storage.withLock { $0.lastError } }

    /// The archive position after the last durable commit.
    var position: ArchivePosition { storage.withLock { $0.position } }

    /// Closes the files once what is queued is written, leaving the seen-index checkpointed;
    /// later commits throw `.closed`.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            dispatchQueue.async {
                let index = self.storage.withLock { storage in
                    defer { storage.files = nil }
                    return storage.files?.index
                }
                index?.close()
                continuation.resume()
            }
        }
    }

    private func drain() {
        while true {
            let group: [Waiting] = queue.withLock { queue in
                if queue.waiting.isEmpty { queue.draining = false }
                defer { queue.waiting.removeAll() }
                return queue.waiting
            }
            guard !group.isEmpty else { return }
            let outcome = storage.withLock { storage in write(group, into: &storage) }
            for waiting in group {
                if let outcome { waiting.continuation.resume(throwing: outcome) } else { waiting.continuation.resume() }
            }
        }
    }

    /// Writes one group; returns the error every caller in it gets, or nil when durable.
    private func write(_ group: [Waiting], into storage: inout Storage) -> ArchiveError? {
        guard let files = storage.files else { return .closed }
        let lines = Self.joined(group.map(\.lines))
        do {
            if let written = try files.segments.commit(lines) {
                storage.position.advance(segment: written.segment.fileName, by: Int64(lines.count),
                                         lines: group.reduce(0) { $0 + $1.lineCount })
                Self.noteLastLine(of: lines, at: written.offset, hasher: files.hasher, in: &storage.position)
            }
        } catch {
            storage.lastError = error.description
            return error
        }
        storage.groups += 1
        storage.lastError = nil
        do {
            try files.aliases.commit(Self.joined(group.map(\.aliasLines)))
        } catch {
            log("archive: \(error); those items will have their pages fetched again")
        }
        storage.position.aliasesSize = files.aliases.size
        files.index.committed(group.flatMap(\.keys), head: storage.position)
        return nil
    }

    private static func joined(_ parts: [[UInt8]]) -> [UInt8] {
        if parts.count == 1 { return parts[0] }
        var joined: [UInt8] = []
        joined.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { joined.append(contentsOf: part) }
        return joined
    }

    /// Records where the last line written starts and its fingerprint, which the next open checks.
    private static func noteLastLine(of lines: [UInt8], at offset: Int64, hasher: DedupKeyHasher,
                                     in position: inout ArchivePosition) {
        let body = lines.dropLast()  // the final "\n"
        let start = body.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
        let key = lines[start ..< body.endIndex].withUnsafeBytes { hasher.sipHash.hash($0) }
        position.lastLineStart = offset + Int64(start)
        position.lastLineHash = [key.low, key.high]
    }
}

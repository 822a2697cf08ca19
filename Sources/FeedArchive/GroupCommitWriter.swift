import Dispatch
import Synchronization

/// Makes appends durable with group commit, off the cooperative thread pool.
///
/// Callers queue their encoded lines and suspend. One serial dispatch queue drains the queue:
/// everything waiting is written with one `write` and one `fdatasync`, then every caller in that
/// group is resumed. While a sync is under way new callers pile up and go out together in the
/// next group, so many concurrent appends cost few syncs. Seen-index records follow once the
/// lines are durable.
final class GroupCommitWriter: Sendable {
    /// One caller's lines and the keys of its records, waiting for the next group.
    private struct Waiting {
        let lines: [UInt8]
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
        let index: SeenIndexWriter
    }

    /// What the writer thread owns: the files, and counts for status.
    private struct Storage {
        var files: Files?
        var groups = 0
        var lastError: String?
    }

    private let dispatchQueue = DispatchQueue(label: "feedd.archive.group-commit")
    private let queue = Mutex(Queue())
    private let storage: Mutex<Storage>
    private let log: @Sendable (String) -> Void

    init(segments: sending SegmentWriter, index: sending SeenIndexWriter, log: @escaping @Sendable (String) -> Void) {
        storage = Mutex(Storage(files: Files(segments: segments, index: index)))
        self.log = log
    }

    /// Returns once `lines` are durable in the archive, or throws with none of them written.
    func commit(lines: [UInt8], keys: [SeenKey]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startDrain = queue.withLock { queue in
                queue.waiting.append(Waiting(lines: lines, keys: keys, continuation: continuation))
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

    /// Closes the files once what is queued is written; later commits throw `.closed`.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            dispatchQueue.async {
                self.storage.withLock { $0.files = nil }
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
        let lines: [UInt8]
        if group.count == 1 {
            lines = group[0].lines
        } else {
            var joined: [UInt8] = []
            joined.reserveCapacity(group.reduce(0) { $0 + $1.lines.count })
            for waiting in group { joined.append(contentsOf: waiting.lines) }
            lines = joined
        }
        do {
            try files.segments.commit(lines)
        } catch {
            storage.lastError = error.description
            return error
        }
        storage.groups += 1
        storage.lastError = nil
        if let problem = files.index.appendCommitted(group.flatMap(\.keys)) { log(problem) }
        return nil
    }
}

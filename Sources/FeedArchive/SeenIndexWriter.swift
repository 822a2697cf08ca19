import Foundation

/// Appends records to the seen-index, or writes a whole new one beside it and swaps it in.
///
/// The index is derived data, so nothing here may stop the archive: appends are not synced,
/// and a write that fails is cut back to the last whole record with its keys kept for the next
/// try, so record k keeps matching archive line k. When even that is impossible the writer gives
/// up (`failure` says why): the archive carries on from the in-memory seen-set and the next open
/// rebuilds or catches up the index.
final class SeenIndexWriter {
    let path: String
    private let file: FileDescriptor?
    private var size: Int64
    private var buffered: [UInt8] = []
    private var unwritten: [SeenKey] = []
    private var replacementPath: String?
    /// Why the writer gave up, once it has; nothing more is written after that.
    private(set) var failure: String?

    private init(path: String, file: FileDescriptor?, size: Int64, replacementPath: String?, failure: String?) {
        self.path = path
        self.file = file
        self.size = size
        self.replacementPath = replacementPath
        self.failure = failure
    }

    /// Opens the existing index at `path` to append to it.
    static func appending(to path: String) -> SeenIndexWriter {
        do {
            let file = try FileDescriptor(path: path, flags: O_WRONLY | O_APPEND)
            return SeenIndexWriter(path: path, file: file, size: try file.size(), replacementPath: nil, failure: nil)
        } catch {
            return SeenIndexWriter(path: path, file: nil, size: 0, replacementPath: nil, failure: error.description)
        }
    }

    /// Starts a new index for `hasher` in `<path>.new`; `add` its records, then `finishReplacement`.
    /// A `.new` left by a crash is removed first, and the new one must not exist (`O_EXCL`): a
    /// link planted under that name is removed, never written through.
    static func replacing(_ path: String, hasher: DedupKeyHasher) -> SeenIndexWriter {
        let temporary = path + ".new"
        do throws(ArchiveError) {
            if unlink(temporary) != 0, errno != ENOENT { throw .io(operation: "remove", path: temporary, errno: errno) }
            let file = try FileDescriptor(path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL | O_APPEND)
            let writer = SeenIndexWriter(path: path, file: file, size: 0, replacementPath: temporary, failure: nil)
            writer.buffered = SeenIndexFile.header(for: hasher)
            return writer
        } catch {
            return SeenIndexWriter(path: path, file: nil, size: 0, replacementPath: temporary, failure: error.description)
        }
    }

    /// Adds one record through a buffer (bulk catch-up and rebuild); `flush` writes it out.
    func add(_ key: SeenKey) {
        SeenIndexFile.append(key, to: &buffered)
        if buffered.count >= 1 << 16 { _ = flush() }
    }

    /// Writes what `add` buffered; on failure the writer gives up, since the records it dropped
    /// would leave later ones out of line. False when nothing could be written.
    @discardableResult
    func flush() -> Bool {
        guard let problem = writeBuffered() else { return failure == nil }
        if failure == nil { failure = problem }
        return false
    }

    /// Writes the buffer out and empties it; returns what went wrong, if anything. A failed write
    /// is cut back to the last whole record; if that fails too the writer gives up.
    private func writeBuffered() -> String? {
        defer { buffered.removeAll(keepingCapacity: true) }
        guard failure == nil, let file else { return failure }
        guard !buffered.isEmpty, let code = buffered.withUnsafeBytes({ file.write($0) }) else {
            size += Int64(buffered.count)
            return nil
        }
        let problem = ArchiveError.io(operation: "write", path: file.path, errno: code).description
        do {
            try file.truncate(to: size)
        } catch {
            failure = problem + ", and cutting it back failed too"
        }
        return problem
    }

    /// Moves the finished new index over the old one, and syncs the directory so the rename lasts.
    func finishReplacement() {
        guard flush(), let temporary = replacementPath else { return }
        guard rename(temporary, path) == 0 else {
            failure = ArchiveError.io(operation: "rename", path: temporary, errno: errno).description
            return
        }
        replacementPath = nil
        // The index is derived: if even this fails, a crash costs a rebuild, nothing more.
        try? StateDirectory.sync((path as NSString).deletingLastPathComponent)
    }

    /// Appends the keys of lines just made durable. Returns a sentence for the log when the write
    /// failed; the keys are then kept and written before the next ones.
    func appendCommitted(_ keys: [SeenKey]) -> String? {
        guard failure == nil else { return nil }
        unwritten.append(contentsOf: keys)
        for key in unwritten { SeenIndexFile.append(key, to: &buffered) }
        guard let problem = writeBuffered() else {
            unwritten.removeAll(keepingCapacity: true)
            return nil
        }
        if let failure {
            unwritten = []
            return "seen-index: \(failure); it is no longer updated and will be rebuilt at the next start"
        }
        return "seen-index: \(problem); \(unwritten.count) keys wait for the next append"
    }
}

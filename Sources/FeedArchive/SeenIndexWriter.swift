import Foundation

/// Appends records to the seen-index, or writes a whole new one beside it and swaps it in.
///
/// The index is derived, so appends are not synced, and a failed append only costs time at the
/// next open: the file is cut back to its last whole record and the keys wait for the next try,
/// so record k keeps matching archive line k.
final class SeenIndexWriter {
    let path: String
    private var file: FileDescriptor
    private var size: Int64
    private var buffered: [UInt8] = []
    private var unwritten: [SeenKey] = []
    private var replacementPath: String?
    /// Set when a failed write could not be undone: the file no longer lines up with the archive,
    /// so nothing more is appended and the next open rebuilds it.
    private var abandoned = false

    private init(path: String, file: FileDescriptor, size: Int64, replacementPath: String?) {
        self.path = path
        self.file = file
        self.size = size
        self.replacementPath = replacementPath
    }

    /// Opens the existing index at `path` to append to it.
    static func appending(to path: String) throws(ArchiveError) -> SeenIndexWriter {
        let file = try FileDescriptor(path: path, flags: O_WRONLY | O_APPEND)
        return SeenIndexWriter(path: path, file: file, size: try file.size(), replacementPath: nil)
    }

    /// Starts a new index for `hasher` in `<path>.new`; `add` its records, then `finishReplacement`.
    static func replacing(_ path: String, hasher: DedupKeyHasher) throws(ArchiveError) -> SeenIndexWriter {
        let temporary = path + ".new"
        let file = try FileDescriptor(path: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC | O_APPEND)
        let writer = SeenIndexWriter(path: path, file: file, size: 0, replacementPath: temporary)
        writer.buffered = SeenIndexFile.header(for: hasher)
        return writer
    }

    /// Adds one record through a buffer (bulk catch-up and rebuild); `flush` writes it out.
    func add(_ key: SeenKey) throws(ArchiveError) {
        SeenIndexFile.append(key, to: &buffered)
        if buffered.count >= 1 << 16 { try flush() }
    }

    /// Writes what `add` buffered.
    func flush() throws(ArchiveError) {
        guard !buffered.isEmpty else { return }
        if let code = buffered.withUnsafeBytes({ file.write($0) }) {
            do { try file.truncate(to: size) } catch { abandoned = true }
            throw .io(operation: "write", path: replacementPath ?? path, errno: code)
        }
        size += Int64(buffered.count)
        buffered.removeAll(keepingCapacity: true)
    }

    /// Moves the finished new index over the old one.
    func finishReplacement() throws(ArchiveError) {
        try flush()
        guard let temporary = replacementPath else { return }
        guard rename(temporary, path) == 0 else { throw .io(operation: "rename", path: temporary, errno: errno) }
        replacementPath = nil
    }

    /// Appends the keys of lines just made durable. Returns a sentence for the log when the write
    /// failed; the keys are then kept and written before the next ones.
    func appendCommitted(_ keys: [SeenKey]) -> String? {
        guard !abandoned else { return nil }
        unwritten.append(contentsOf: keys)
        for key in unwritten { SeenIndexFile.append(key, to: &buffered) }
        do {
            try flush()
            unwritten.removeAll(keepingCapacity: true)
            return nil
        } catch {
            buffered.removeAll(keepingCapacity: true)
            if abandoned {
                unwritten = []
                return "seen-index append failed (\(error)) and could not be undone; "
                    + "it is no longer updated and will be rebuilt at the next start"
            }
            return "seen-index append failed (\(error)); \(unwritten.count) keys wait for the next append"
        }
    }
}

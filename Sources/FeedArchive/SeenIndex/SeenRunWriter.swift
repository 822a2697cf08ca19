import Foundation

/// Writes one run file from keys handed over in ascending order (duplicates dropped), in 64 KiB
/// writes, so a run of any size costs only its filter and fences in memory. `finish` adds the
/// fences and the filter, fills in the header, syncs and moves the file into place.
final class SeenRunWriter {
    let path: String
    private let temporaryPath: String
    private let file: FileDescriptor
    private let hasher: DedupKeyHasher
    private let filter: SeenFilter
    private var buffer: [UInt8] = []
    private var fences: [UInt8] = []
    private var offset = Int64(SeenRunFormat.headerSize)
    private var count = 0
    private var last: SeenKey?

    /// Starts `path` (written as `path.tmp` until `finish`) for at most `capacity` keys: the
    /// filter is sized for that many.
    init(path: String, hasher: DedupKeyHasher, capacity: Int) throws(ArchiveError) {
        self.path = path
        temporaryPath = path + ".tmp"
        self.hasher = hasher
        unlink(temporaryPath)
        file = try FileDescriptor(path: temporaryPath, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
        filter = SeenFilter(keyCount: capacity)
        buffer.reserveCapacity(64 << 10)
    }

    /// Adds `key`, which must not be smaller than the one before (an equal one is dropped).
    func add(_ key: SeenKey) throws(ArchiveError) {
        if let last {
            guard last < key else { return }
        }
        if count % SeenRunFormat.fenceStride == 0 { SeenRunFormat.append(key, to: &fences) }
        SeenRunFormat.append(key, to: &buffer)
        filter.insert(key)
        last = key
        count += 1
        if buffer.count >= 64 << 10 { try flush() }
    }

    /// Writes fences, filter and header, syncs, and renames the file into place.
    func finish() throws(ArchiveError) -> (keyCount: Int, filter: SeenFilter) {
        try flush()
        buffer = fences
        try flush()
        let header = SeenRunFormat.Header(sipKey0: hasher.sipHash.key0, sipKey1: hasher.sipHash.key1,
                                          keyCount: count, filterBlockCount: filter.blockCount)
        try write(UnsafeRawBufferPointer(filter.words), at: offset)
        try write(header.encoded(), at: 0)
        if let code = file.syncData() { throw .io(operation: "sync", path: temporaryPath, errno: code) }
        guard rename(temporaryPath, path) == 0 else { throw .io(operation: "rename", path: temporaryPath, errno: errno) }
        return (count, filter)
    }

    /// Removes the unfinished file (after a failure or when a merge is abandoned).
    func discard() {
        unlink(temporaryPath)
    }

    private func flush() throws(ArchiveError) {
        guard !buffer.isEmpty else { return }
        try write(buffer, at: offset)
        offset += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(_ bytes: [UInt8], at position: Int64) throws(ArchiveError) {
        if let code = bytes.withUnsafeBytes({ Self.write($0, to: file.raw, at: position) }) {
            throw .io(operation: "write", path: temporaryPath, errno: code)
        }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, at position: Int64) throws(ArchiveError) {
        if let code = Self.write(bytes, to: file.raw, at: position) {
            throw .io(operation: "write", path: temporaryPath, errno: code)
        }
    }

    /// Writes all of `bytes` at `position`; the errno of a failure, else nil.
    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at position: Int64) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }
        var done = 0
        while done < bytes.count {
            let written = pwrite(descriptor, base + done, bytes.count - done, off_t(position) + off_t(done))
            if written > 0 {
                done += written
            } else if written == 0 || errno != EINTR {
                return written == 0 ? EIO : errno
            }
        }
        return nil
    }
}

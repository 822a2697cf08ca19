#if canImport(Glibc)
import Glibc
#endif

/// An open file, closed when its owner lets go of it. Every system call on an archive (or state)
/// file goes through here, so each failure becomes an `ArchiveError` naming the path and the errno,
/// and every open refuses a symbolic link (`O_NOFOLLOW`) unless asked to follow one.
public final class FileDescriptor: Sendable {
    /// The path it was opened with, for error messages.
    public let path: String
    /// The descriptor itself.
    public let raw: Int32

    /// Opens `path` with `flags` (`O_CLOEXEC` is always added, and `O_NOFOLLOW` unless
    /// `followLinks`: only the state directory itself may be a link).
    public init(path: String, flags: Int32, mode: mode_t = 0o644, followLinks: Bool = false) throws(ArchiveError) {
        let descriptor = Glibc.open(path, flags | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW), mode)
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        self.path = path
        self.raw = descriptor
    }

    deinit {
        Glibc.close(raw)
    }

    /// The file's current size in bytes.
    public func size() throws(ArchiveError) -> Int64 {
        var info = stat()
        guard fstat(raw, &info) == 0 else { throw .io(operation: "stat", path: path, errno: errno) }
        return Int64(info.st_size)
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(ArchiveError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var total = 0
        while total < buffer.count {
            let count = pread(raw, base + total, buffer.count - total, off_t(offset) + off_t(total))
            if count > 0 {
                total += count
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw .io(operation: "read", path: path, errno: errno)
            }
        }
        return total
    }

    /// Reads up to `bytes.count` bytes at `offset` into `bytes`.
    public func read(into bytes: inout [UInt8], at offset: Int64) throws(ArchiveError) -> Int {
        let result = bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(ArchiveError) in try read(into: buffer, at: offset) }
        }
        return try result.get()
    }

    /// Writes all of `bytes` (at the end when the file was opened with `O_APPEND`).
    /// Returns the errno of the failure rather than throwing, so callers can undo first.
    public func write(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(raw, base + written, bytes.count - written)
            if count >= 0 {
                written += count
            } else if errno != EINTR {
                return errno
            }
        }
        return nil
    }

    /// Flushes the file's data (and the size needed to read it back) to stable storage.
    public func syncData() -> Int32? {
        while fdatasync(raw) != 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    /// Flushes data and metadata; used on directories after creating or renaming an entry.
    public func sync() -> Int32? {
        while fsync(raw) != 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    /// Cuts (or extends) the file to `size` bytes.
    public func truncate(to size: Int64) throws(ArchiveError) {
        while ftruncate(raw, off_t(size)) != 0 {
            if errno != EINTR { throw .io(operation: "truncate", path: path, errno: errno) }
        }
    }
}

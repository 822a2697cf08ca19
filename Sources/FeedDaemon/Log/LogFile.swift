import Foundation

/// An open log file, read at explicit offsets; closed when released. Keeping it open is what
/// lets a follower finish a file that logrotate has just renamed away.
final class LogFile: Sendable {
    private let descriptor: Int32
    private let path: String
    /// Device and inode: which file this is, whatever its name now.
    let identity: [UInt64]

    private init(descriptor: Int32, path: String, identity: [UInt64]) {
        self.descriptor = descriptor
        self.path = path
        self.identity = identity
    }

    deinit {
        close(descriptor)
    }

    static func open(_ path: String) throws(LogTailError) -> LogFile {
        // Like every file of the state directory, the log is not read through a symbolic link.
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw error(path) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let failure = error(path)
            close(descriptor)
            throw failure
        }
        return LogFile(descriptor: descriptor, path: path, identity: [UInt64(info.st_dev), UInt64(info.st_ino)])
    }

    /// Device and inode of whatever file has the name `path` now; nil when none has.
    static func identity(of path: String) -> [UInt64]? {
        var info = stat()
        return stat(path, &info) == 0 ? [UInt64(info.st_dev), UInt64(info.st_ino)] : nil
    }

    var size: Int {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(at offset: Int, count: Int) throws(LogTailError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + filled }, count - filled, off_t(offset + filled))
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw Self.error(path) }
            if got == 0 { break }
            filled += got
        }
        return Array(bytes[..<filled])
    }

    private static func error(_ path: String) -> LogTailError {
        LogTailError(path: path, reason: errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno)),
                     isMissing: errno == ENOENT)
    }
}

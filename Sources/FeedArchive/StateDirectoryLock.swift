import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on `<state_dir>/lock`, held for as long as this object lives, so that two
/// feedd processes never write one archive. The holder writes its pid into the file so that the
/// refused one can say who holds it.
final class StateDirectoryLock: Sendable {
    private let file: FileDescriptor

    private init(file: FileDescriptor) {
        self.file = file
    }

    deinit {
        // Unlock before the descriptor closes: a child process spawned at this moment holds a
        // copy of the descriptor until its exec, and closing alone would leave it the lock.
        flock(file.raw, LOCK_UN)
    }

    /// Takes the lock at `path`, or throws `.locked` naming the holder's pid.
    static func acquire(path: String) throws(ArchiveError) -> StateDirectoryLock {
        let file = try FileDescriptor(path: path, flags: O_RDWR | O_CREAT)
        while flock(file.raw, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK { throw .locked(lockPath: path, holderPID: holderPID(of: file)) }
            throw .io(operation: "lock", path: path, errno: code)
        }
        try file.truncate(to: 0)
        let pidLine = Array("\(getpid())\n".utf8)
        // The pid is informative only; the flock is what excludes, so a failed write is not fatal.
        _ = pidLine.withUnsafeBytes { file.write($0) }
        return StateDirectoryLock(file: file)
    }

    private static func holderPID(of file: FileDescriptor) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = (try? file.read(into: &buffer, at: 0)) ?? 0
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

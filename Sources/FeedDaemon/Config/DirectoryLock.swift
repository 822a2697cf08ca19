import Foundation

/// An exclusive `flock` on a directory, held while one edit of its files runs, so that two
/// `feedd add` at once do not both append to the same old copy of a drop-in.
enum DirectoryLock {
    static func holding<T>(_ directory: String, _ body: () throws(DropInEditError) -> T) throws(DropInEditError) -> T {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io("cannot open \(directory): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .io("cannot lock \(directory): \(String(cString: strerror(errno)))") }
        }
        return try body()
    }
}

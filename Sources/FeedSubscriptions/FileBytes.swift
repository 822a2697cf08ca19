import Foundation

/// Reads a whole (small) file, with the system's own words when it cannot.
enum FileBytes {
    struct ReadError: Error {
        var message: String
    }

    /// The file's bytes; refuses anything but a regular file, and files over `limit` bytes.
    static func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0, access(path, R_OK) == 0 else {
            throw ReadError(message: "cannot read: \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ReadError(message: "cannot read: not a regular file") }
        guard Int(status.st_size) <= limit else {
            throw ReadError(message: "larger than \(limit >> 20) MiB; not a subscription list")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(message: "cannot read: \(String(cString: strerror(errno)))")
        }
        return Array(data)
    }
}

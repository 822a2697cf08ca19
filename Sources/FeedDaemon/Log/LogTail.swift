import Foundation

/// Prints the end of a log file and, when following, what is appended to it, like `tail -F`:
/// a file replaced by logrotate (new inode) or truncated is read again from its start. Like
/// every file of the state directory, the log is not read through a symbolic link.
public struct LogTail: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The last `count` lines (fewer when the file is shorter), and the offset just past them.
    public func lastLines(_ count: Int) throws -> (lines: [Substring], end: Int) {
        guard let handle = Self.open(path) else {
            let code = errno
            throw LogTailError(path: path, reason: code == ELOOP ? "it is a symbolic link" : String(cString: strerror(code)))
        }
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        var start = size
        var chunk = Data()
        let step = 64 * 1024
        while start > 0 && chunk.reduce(0, { $1 == 0x0A ? $0 + 1 : $0 }) <= count {
            let next = max(0, start - step)
            try handle.seek(toOffset: UInt64(next))
            chunk = (try handle.read(upToCount: start - next) ?? Data()) + chunk
            start = next
        }
        let text = String(decoding: chunk, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return (Array(lines.suffix(count)), size)
    }

    /// Calls `emit` with each chunk of whole lines appended after `offset`, forever (until cancelled).
    public func follow(from offset: Int, pollEvery interval: Duration = .milliseconds(250), emit: (String) -> Void) async throws {
        var position = offset
        var inode = Self.inode(path)
        var partial = Data()
        while !Task.isCancelled {
            let currentInode = Self.inode(path)
            let size = Self.size(path)
            if currentInode != inode || size < position {
                inode = currentInode
                position = 0
                partial.removeAll()
            }
            if size > position, let handle = Self.open(path) {
                try handle.seek(toOffset: UInt64(position))
                let data = try handle.read(upToCount: size - position) ?? Data()
                try? handle.close()
                position += data.count
                partial.append(data)
                if let lastNewline = partial.lastIndex(of: 0x0A) {
                    let whole = partial[...lastNewline]
                    emit(String(decoding: whole, as: UTF8.self))
                    partial = Data(partial[partial.index(after: lastNewline)...])
                }
            }
            try await Task.sleep(for: interval)
        }
    }

    private static func open(_ path: String) -> FileHandle? {
        let descriptor = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        return descriptor >= 0 ? FileHandle(fileDescriptor: descriptor, closeOnDealloc: true) : nil
    }

    private static func inode(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }

    private static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}

/// The log could not be read.
public struct LogTailError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot read \(path): \(reason)" }
}

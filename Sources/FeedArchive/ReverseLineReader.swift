import Foundation

/// Reads a file's complete lines from the last to the first, a chunk at a time from the end, so
/// that questions about recent records cost what the recent records take, not the whole file.
/// Bytes after the last `\n` (a line being written, or torn) are not a line and are skipped.
enum ReverseLineReader {
    /// Calls `body` with each complete line (without its `\n`), last line first, until `body`
    /// returns false or the first line was handed out. The bytes are valid only during the call.
    static func forEachLine(path: String, chunkSize: Int = 256 << 10,
                            _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        let file = try FileDescriptor(path: path, flags: O_RDONLY)
        var position = try file.size() // everything before it is still to read
        // The end of a line whose start lies before `position` (it holds no `\n`).
        var pending: [UInt8] = []
        var foundTerminator = false
        while position > 0 {
            // A line longer than a chunk doubles the read, so a huge line is read in few steps.
            let size = Int(min(position, Int64(max(chunkSize, pending.count))))
            var window = [UInt8](repeating: 0, count: size)
            guard try file.read(into: &window, at: position - Int64(size)) == size else {
                throw ArchiveError.io(operation: "read", path: path, errno: EIO)
            }
            position -= Int64(size)
            window += pending
            var end = window.count
            let keepGoing = try window.withUnsafeBytes { bytes -> Bool in
                // memchr finds the line feeds front to back (fast); the lines go out back to front.
                for index in Self.newlines(in: bytes).reversed() {
                    if foundTerminator {
                        guard try body(UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<end])) else { return false }
                    }
                    foundTerminator = true
                    end = index
                }
                return true
            }
            guard keepGoing else { return }
            pending = Array(window[..<end])
        }
        // The file's first line: complete when some `\n` came after it.
        if foundTerminator, !pending.isEmpty {
            _ = try pending.withUnsafeBytes { try body($0) }
        }
    }

    private static func newlines(in bytes: UnsafeRawBufferPointer) -> [Int] {
        guard let base = bytes.baseAddress else { return [] }
        var found: [Int] = []
        var cursor = 0
        while cursor < bytes.count, let newline = memchr(base + cursor, 0x0A, bytes.count - cursor) {
            let index = base.distance(to: UnsafeRawPointer(newline))
            found.append(index)
            cursor = index + 1
        }
        return found
    }
}

import Foundation

/// Reads segment files in large chunks and finds their lines with `memchr`: no per-line
/// allocation, no per-byte Swift loop. Only complete lines (ending in `\n`) count, so a line
/// being written, or torn by a crash, is never handed out.
public enum LineReader {
    public static let chunkSize = 4 << 20

    /// The number of complete lines in the file at `path`.
    public static func countLines(path: String) throws(ArchiveError) -> Int {
        let file = try FileDescriptor(path: path, flags: O_RDONLY)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        var lines = 0
        while true {
            let count = try file.read(into: buffer, at: offset)
            guard count > 0, let base = buffer.baseAddress else { break }
            var cursor = base
            let end = base + count
            while cursor < end, let newline = memchr(cursor, 0x0A, end - cursor) {
                lines += 1
                cursor = newline + 1
            }
            offset += Int64(count)
        }
        return lines
    }

    /// Calls `body` with the number (from 0) and bytes (without `\n`) of every complete line of
    /// the file at `path`, from line `first` on. The bytes are valid only during the call.
    /// `chunkSize` bounds the memory used, except that a longer line gets a buffer of its own.
    /// Returns the length of an unfinished last line (bytes after the last `\n`), not handed out.
    /// With `startOffset` (the start of a line), reading begins there and lines count from it.
    @discardableResult
    public static func forEachLine(
        path: String, from first: Int = 0, startOffset: Int64 = 0, chunkSize: Int = chunkSize,
        _ body: (Int, UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
        let file = try FileDescriptor(path: path, flags: O_RDONLY)
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, chunkSize), alignment: 16)
        defer { buffer.deallocate() }
        var offset: Int64 = startOffset
        var filled = 0 // bytes at the front of `buffer` that hold the start of an unfinished line
        var lineNumber = 0
        while true {
            if filled == buffer.count {
                // One line longer than the buffer: grow it rather than split the line.
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = larger
            }
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), at: offset)
            guard count > 0, let base = buffer.baseAddress else { break }
            offset += Int64(count)
            let end = filled + count
            var lineStart = 0
            var cursor = filled // the bytes before it were searched already
            while cursor < end, let newline = memchr(base + cursor, 0x0A, end - cursor) {
                let lineEnd = newline - base
                if lineNumber >= first {
                    try body(lineNumber, UnsafeRawBufferPointer(start: base + lineStart, count: lineEnd - lineStart))
                }
                lineNumber += 1
                lineStart = lineEnd + 1
                cursor = lineStart
            }
            filled = end - lineStart
            if filled > 0, lineStart > 0 { memmove(base, base + lineStart, filled) }
        }
        return filled
    }

    /// The offset of the last `\n` before `limit` in `file`, or nil when there is none.
    public static func lastNewline(before limit: Int64, in file: FileDescriptor) throws(ArchiveError) -> Int64? {
        let window = 64 << 10
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: window, alignment: 16)
        defer { buffer.deallocate() }
        var end = limit
        while end > 0 {
            let start = max(0, end - Int64(window))
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(end - start)]), at: start)
            if let index = buffer[..<count].lastIndex(of: 0x0A) { return start + Int64(index) }
            end = start
        }
        return nil
    }

    /// The last complete line of `file` (without `\n`) among its first `size` bytes, with the
    /// offset where it starts; nil when there is no complete line.
    static func lastLine(in file: FileDescriptor, size: Int64) throws(ArchiveError) -> (start: Int64, bytes: [UInt8])? {
        guard let newline = try lastNewline(before: size, in: file) else { return nil }
        let start = try lastNewline(before: newline, in: file).map { $0 + 1 } ?? 0
        var bytes = [UInt8](repeating: 0, count: Int(newline - start))
        let count = try file.read(into: &bytes, at: start)
        guard count == bytes.count else {
            throw .io(operation: "read", path: file.path, errno: EIO)
        }
        return (start, bytes)
    }
}

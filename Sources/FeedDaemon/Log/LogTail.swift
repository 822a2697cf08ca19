import Foundation

/// Prints the end of a log file and, when following, what is appended to it, like `tail -F`: it
/// waits for a log that does not exist yet, reads a file replaced by logrotate (a new inode) from
/// its start after finishing the old one, and reads a truncated file again from its start.
public struct LogTail: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// What following noticed, for a note on stderr as `tail -F` gives.
    public enum Notice: Sendable, Equatable {
        /// The log does not exist (yet): waiting for it.
        case waiting
        /// The log appeared after a wait: following it from its start.
        case appeared
        /// Another file now has the log's name (rotation): following it from its start.
        case replaced
        /// The log got shorter than what was read: reading it again from its start.
        case truncated
    }

    /// The last `count` complete lines that `keep` accepts (fewer when the file has fewer), and
    /// the offset just past the last complete line, where following starts. Reads backwards
    /// from the end, 64 KiB at a time, only as far as it needs.
    public func lastLines(_ count: Int, matching keep: (Substring) -> Bool = { _ in true }) throws(LogTailError) -> (lines: [String], end: Int) {
        let file = try LogFile.open(path)
        let size = file.size
        let step = 64 * 1024
        // Just past the last newline: a line still being written is left for `follow` (unless the
        // end holds no newline at all, then it is taken as it is).
        let lastBlockStart = max(0, size - step)
        let lastBlock = try file.read(at: lastBlockStart, count: size - lastBlockStart)
        let end = lastBlock.lastIndex(of: 0x0A).map { lastBlockStart + $0 + 1 } ?? size
        var found: [String] = []
        var position = end
        var carry: [UInt8] = []
        while position > 0, found.count < count {
            let start = max(0, position - step)
            var buffer = try file.read(at: start, count: position - start)
            buffer.append(contentsOf: carry)
            var pieces = buffer.split(separator: 0x0A, omittingEmptySubsequences: false)
            if pieces.last?.isEmpty == true { pieces.removeLast() }
            // The first piece is only part of a line unless the file starts there.
            carry = start > 0 ? Array(pieces.first ?? []) : []
            for piece in pieces.dropFirst(start > 0 ? 1 : 0).reversed() where found.count < count {
                let line = String(decoding: piece, as: UTF8.self)
                if keep(line[...]) { found.append(line) }
            }
            position = start
        }
        return (found.reversed(), end)
    }

    /// Calls `emit` with each chunk of whole lines appended after `offset` (nil: the log did not
    /// exist, read it from its start once it does), until the task is cancelled.
    public func follow(from offset: Int?, pollEvery interval: Duration = .milliseconds(250),
                       notice: (Notice) -> Void = { _ in }, emit: (String) -> Void) async throws {
        var file: LogFile?
        var position = 0
        var opened = false
        var waiting = false
        var partial: [UInt8] = []
        // The byte just before `position`: when it changes, the file was truncated and written
        // again past where it was before this poll looked (size alone would miss that).
        var lastByte: UInt8?
        func drain(_ file: LogFile) throws {
            let size = file.size
            guard size > position else { return }
            let data = try file.read(at: position, count: size - position)
            position += data.count
            lastByte = data.last ?? lastByte
            partial.append(contentsOf: data)
            if let lastNewline = partial.lastIndex(of: 0x0A) {
                emit(String(decoding: partial[...lastNewline], as: UTF8.self))
                partial.removeSubrange(...lastNewline)
            }
        }
        while !Task.isCancelled {
            guard let current = file ?? (try? LogFile.open(path)) else {
                if !waiting { notice(.waiting) }
                waiting = true
                try await Task.sleep(for: interval)
                continue
            }
            if file == nil {
                file = current
                position = opened ? 0 : offset ?? 0
                lastByte = position > 0 ? try current.read(at: position - 1, count: 1).first : nil
                if waiting { notice(.appeared) }
                waiting = false
                opened = true
            }
            if current.size < position || (position > 0 && (try? current.read(at: position - 1, count: 1).first) != lastByte) {
                notice(.truncated)
                position = 0
                partial.removeAll()
            }
            try drain(current)
            if LogFile.identity(of: path) != current.identity {
                // Rotated or removed: finish the old file (the writer may have added to it since)
                // before the new one, and keep a last line that had no newline.
                try drain(current)
                if !partial.isEmpty {
                    emit(String(decoding: partial, as: UTF8.self) + "\n")
                    partial.removeAll()
                }
                file = nil
                if LogFile.identity(of: path) != nil { notice(.replaced) }
                continue
            }
            try await Task.sleep(for: interval)
        }
    }
}

/// The log could not be read.
public struct LogTailError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// The file does not exist.
    public var isMissing: Bool

    public var description: String { "cannot read \(path): \(reason)" }
}

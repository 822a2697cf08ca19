import FeedArchive
import Foundation

/// Loads and saves every feed's `FeedState` as `<state_dir>/feeds.jsonl`: one JSON object per
/// feed and line, written to a temporary file, synced, renamed over the old one, and the
/// directory synced, so a crash leaves the old file or the new one. Neither file is opened
/// through a symbolic link, and the temporary one is always a new file (`O_EXCL`).
///
/// A line at a time, so ten thousand feeds never mean one big JSON document in memory. Losing
/// or damaging the file costs only refetches: the archive keeps items from being archived twice.
public struct FeedStateStore: Sendable {
    public let path: String
    private let stateDirectory: String

    public init(stateDirectory: String) {
        self.stateDirectory = stateDirectory
        path = "\(stateDirectory)/feeds.jsonl"
    }

    /// One line of the file.
    private struct Line: Codable {
        var url: String
        var state: FeedState
    }

    /// The saved states keyed by configured feed URL; empty when there is no file yet.
    /// Lines that do not decode, an unfinished last one included, are reported through `problem`
    /// (once, with a count) and skipped.
    public func load(problem: (String) -> Void) -> [String: FeedState] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let decoder = JSONDecoder()
        var states: [String: FeedState] = [:]
        var damaged = 0
        var firstDamaged = 0
        do {
            var lines = 0
            let unfinished = try LineReader.forEachLine(path: path, chunkSize: 64 << 10) { index, line in
                lines = index + 1
                guard !line.isEmpty else { return }
                if let decoded = try? decoder.decode(Line.self, from: Data(line)) {
                    states[decoded.url] = decoded.state
                } else {
                    damaged += 1
                    if firstDamaged == 0 { firstDamaged = index + 1 }
                }
            }
            // The file is renamed into place whole, so a last line without its line feed is damage.
            if unfinished > 0 {
                damaged += 1
                if firstDamaged == 0 { firstDamaged = lines + 1 }
            }
        } catch {
            problem("\(path): cannot read (\(error)); the feeds not read start afresh")
        }
        if damaged > 0 {
            problem("\(path): \(damaged) unreadable line\(damaged == 1 ? "" : "s") (first: line \(firstDamaged)); those feeds start afresh")
        }
        return states
    }

    /// Writes all states to a temporary file, 64 KiB at a time, and renames it over the old one.
    public func save(_ states: [String: FeedState]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let temporary = "\(path).tmp"
        unlink(temporary)  // left by a crash, or a link planted there: removed, never written through
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StateFileError(path: temporary, reason: String(cString: strerror(errno))) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(80 << 10)
        do {
            defer { close(descriptor) }
            for url in states.keys.sorted() {
                guard let state = states[url] else { continue }
                buffer.append(contentsOf: try encoder.encode(Line(url: url, state: state)))
                buffer.append(0x0A)
                if buffer.count >= 64 << 10 {
                    try Self.write(buffer, to: descriptor, path: temporary)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try Self.write(buffer, to: descriptor, path: temporary)
            guard fdatasync(descriptor) == 0 else { throw StateFileError(path: temporary, reason: String(cString: strerror(errno))) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            throw StateFileError(path: path, reason: String(cString: strerror(errno)))
        }
        try StateDirectory.sync(stateDirectory)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw StateFileError(path: path, reason: String(cString: strerror(errno))) }
            offset += written
        }
    }
}

/// The feed-state file could not be written.
public struct StateFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}

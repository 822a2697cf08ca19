import FeedTime
import Foundation
import Synchronization

/// Appends `IngestEvent` lines to the ingest log file.
///
/// One `write(2)` per batch on an O_APPEND descriptor, so lines from concurrent polls never
/// interleave and `tail -f` readers always see whole lines. `reopen()` follows logrotate.
public final class IngestLog: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32>

    public init(path: String) throws(IngestLogError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        descriptor = Mutex(try Self.open(path))
    }

    deinit {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
        }
    }

    /// Writes the events stamped with `time` (now by default).
    public func write(_ events: [IngestEvent], at time: Date = Date()) {
        guard !events.isEmpty else { return }
        let stamp = UTCTimestamp.string(from: time) ?? "0000-00-00T00:00:00Z"
        var text = ""
        text.reserveCapacity(events.count * 120)
        for event in events {
            text += stamp
            text += " "
            text += event.text
            text += "\n"
        }
        var bytes = Array(text.utf8)
        descriptor.withLock { fd in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { buffer in
                    Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }  // a full disk must not stop polling; stderr has the daemon's log
                offset += written
            }
        }
        bytes.removeAll()
    }

    public func write(_ event: IngestEvent) {
        write([event])
    }

    /// Opens the path again: after logrotate moved the file away, lines go to the new one.
    public func reopen() throws(IngestLogError) {
        let fresh = try Self.open(path)
        descriptor.withLock { fd in
            close(fd)
            fd = fresh
        }
    }

    private static func open(_ path: String) throws(IngestLogError) -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw IngestLogError(path: path, reason: String(cString: strerror(errno))) }
        return fd
    }
}

/// The ingest log could not be opened.
public struct IngestLogError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot open ingest log \(path): \(reason)" }
}

import FeedTime
import Foundation
import Synchronization

/// Appends `IngestEvent` lines to the ingest log file.
///
/// One `write(2)` per batch on an O_APPEND descriptor, so lines from concurrent polls never
/// interleave and `tail -f` readers always see whole lines. `reopen()` follows logrotate.
///
/// A full disk must not stop polling, and must not leave half a line either: a batch the disk
/// took only part of is cut back to where it began, the lines lost are counted, and the next
/// batch that fits says how many. A torn last line found when the log is opened (left by a
/// crash, or by a cut that failed) is cut off and reported the same way. The log is never
/// opened through a symbolic link.
public final class IngestLog: Sendable {
    public let path: String
    private let sink: Mutex<Sink>

    /// The open file and what went wrong with it since the last batch that got through.
    fileprivate struct Sink {
        var descriptor: Int32
        /// Lines that could not be written, and the errno of the last failure.
        var lost = 0
        var lostErrno: Int32 = 0
        /// A size to cut the file back to before writing again (a cut that failed).
        var pendingCut: Int64?
        /// What was repaired when the file was opened, for the next batch to report.
        var repaired: String?
    }

    public init(path: String) throws(IngestLogError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (descriptor, torn) = try Self.open(path)
        var opened = Sink(descriptor: descriptor)
        opened.noteRepair(of: torn, in: path)
        sink = Mutex(opened)
    }

    deinit {
        sink.withLock { sink in
            if sink.descriptor >= 0 { close(sink.descriptor) }
        }
    }

    /// Writes the events stamped with `time` (now by default).
    public func write(_ events: [IngestEvent], at time: Date = Date()) {
        guard !events.isEmpty else { return }
        let stamp = UTCTimestamp.string(from: time) ?? "0000-00-00T00:00:00Z"
        var text = ""
        text.reserveCapacity(events.count * 120)
        for event in events {
            Self.append(event, stamp: stamp, to: &text)
        }
        sink.withLock { sink in
            if let cut = sink.pendingCut {
                guard ftruncate(sink.descriptor, off_t(cut)) == 0 else {
                    sink.lost += events.count
                    return
                }
                sink.pendingCut = nil
            }
            var notes = ""
            if let repaired = sink.repaired {
                Self.append(.daemon(message: repaired), stamp: stamp, to: &notes)
            }
            if sink.lost > 0 {
                let cause = String(cString: strerror(sink.lostErrno))
                let message = "ingest log: \(sink.lost) line\(sink.lost == 1 ? " was" : "s were") not written (\(cause)); "
                    + "the archive has every item"
                Self.append(.daemon(message: message), stamp: stamp, to: &notes)
            }
            let bytes = Array((notes + text).utf8)
            if let failure = Self.writeAll(bytes, to: sink.descriptor) {
                sink.lost += events.count
                sink.lostErrno = failure.errno
                // Take back the part the disk took, so the next line starts on a line of its own.
                if failure.written > 0 {
                    var info = stat()
                    if fstat(sink.descriptor, &info) == 0 {
                        let start = Int64(info.st_size) - Int64(failure.written)
                        if ftruncate(sink.descriptor, off_t(start)) != 0 { sink.pendingCut = start }
                    }
                }
                return
            }
            sink.repaired = nil
            sink.lost = 0
        }
    }

    public func write(_ event: IngestEvent) {
        write([event])
    }

    /// Opens the path again: after logrotate moved the file away, lines go to the new one.
    public func reopen() throws(IngestLogError) {
        let (fresh, torn) = try Self.open(path)
        sink.withLock { sink in
            close(sink.descriptor)
            sink.descriptor = fresh
            sink.pendingCut = nil
            sink.noteRepair(of: torn, in: path)
        }
    }

    private static func append(_ event: IngestEvent, stamp: String, to text: inout String) {
        text += stamp
        text += " "
        text += event.text
        text += "\n"
    }

    /// Writes all of `bytes`; on failure, how much got written and the errno.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> (written: Int, errno: Int32)? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return (offset, written == 0 ? ENOSPC : errno) }
            offset += written
        }
        return nil
    }

    /// Opens (creating) the log, refusing a symbolic link; returns the descriptor and the torn
    /// last line, if the file has one.
    private static func open(_ path: String) throws(IngestLogError) -> (Int32, TornTail?) {
        let fd = Glibc.open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            let code = errno
            throw IngestLogError(path: path, reason: code == ELOOP
                ? "it is a symbolic link, and feedd does not follow one to its ingest log" : String(cString: strerror(code)))
        }
        return (fd, tornTail(of: fd))
    }

    /// Bytes after the last newline of the log: where the last whole line ends, and how many follow.
    fileprivate struct TornTail {
        var keep: Int64
        var bytes: Int64
    }

    /// The torn tail of the file, when it does not end in a newline; nil when it does (or is
    /// empty, or cannot be read).
    private static func tornTail(of fd: Int32) -> TornTail? {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int64(info.st_size)
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(size - 1)) == 1, last != 0x0A else { return nil }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var end = size
        while end > 0 {
            let start = max(0, end - Int64(chunk.count))
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Int(end - start), off_t(start)) }
            guard count == Int(end - start) else { return nil }
            if let newline = chunk[..<count].lastIndex(of: 0x0A) {
                let keep = start + Int64(newline) + 1
                return TornTail(keep: keep, bytes: size - keep)
            }
            end = start
        }
        return TornTail(keep: 0, bytes: size)
    }
}

extension IngestLog.Sink {
    /// Cuts the torn tail off (or leaves the cut for the next write) and keeps the sentence that
    /// reports it.
    fileprivate mutating func noteRepair(of torn: IngestLog.TornTail?, in path: String) {
        guard let torn else { return }
        if ftruncate(descriptor, off_t(torn.keep)) != 0 { pendingCut = torn.keep }
        repaired = "ingest log repaired: cut a torn last line (\(torn.bytes) bytes without a newline) "
            + "from the end of \(path)"
    }
}

/// The ingest log could not be opened.
public struct IngestLogError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot open ingest log \(path): \(reason)" }
}

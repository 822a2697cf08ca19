import FeedTime
import Foundation

/// Appends group commits to the newest segment, starting a new one when the rotation policy says
/// so. Each commit is one `write` and one `fdatasync`; when either fails the segment is cut back
/// to where it was, so a failed commit leaves no trace and later ones start on a clean line.
final class SegmentWriter {
    private let layout: ArchiveLayout
    private let options: ArchiveOptions
    private var current: (name: SegmentName, file: FileDescriptor)?
    private var size: Int64 = 0
    /// A size to cut the segment back to before anything else: set when undoing a failed commit
    /// itself failed (the disk may refuse even that), retried on the next commit.
    private var pendingCut: Int64?

    /// The path of the segment being written, if any.
    var currentPath: String? { current.map { layout.path(of: $0.name) } }

    /// Continues the newest existing segment (`newest`), or starts the first one on first commit.
    init(layout: ArchiveLayout, options: ArchiveOptions, newest: ArchiveLayout.Segment?) throws(ArchiveError) {
        self.layout = layout
        self.options = options
        if let newest {
            let file = try FileDescriptor(path: newest.path, flags: O_WRONLY | O_APPEND)
            current = (newest.name, file)
            size = try file.size()
        }
    }

    /// Makes `bytes` (whole lines) durable at the end of the archive, or throws with nothing added.
    /// Returns the segment written to and the offset the bytes start at.
    @discardableResult
    func commit(_ bytes: [UInt8]) throws(ArchiveError) -> (segment: SegmentName, offset: Int64)? {
        guard !bytes.isEmpty else { return nil }
        let (name, file) = try segment(forAppending: Int64(bytes.count))
        if let cut = pendingCut {
            try file.truncate(to: cut)
            size = cut
            pendingCut = nil
        }
        let before = size
        // Write, then sync only if the write went through: the first errno is the one reported.
        if let code = bytes.withUnsafeBytes({ file.write($0) }) ?? file.syncData() {
            do {
                try file.truncate(to: before)
                _ = file.syncData()
            } catch {
                pendingCut = before
            }
            throw .appendFailed(path: layout.path(of: name), errno: code)
        }
        size = before + Int64(bytes.count)
        return (name, before)
    }

    /// The segment the next `incoming` bytes go to, creating it when rotation is due.
    private func segment(forAppending incoming: Int64) throws(ArchiveError) -> (SegmentName, FileDescriptor) {
        let month = UTCTimestamp.monthPeriod(of: options.clock())
        guard let current, pendingCut == nil else {
            if let current { return current }
            return try start(SegmentName(period: month, sequence: 0))
        }
        if options.rotateMonthly, month > current.name.period {
            return try start(SegmentName(period: month, sequence: 0))
        }
        if let limit = options.maxSegmentBytes, size > 0, size + incoming > limit {
            let next = month > current.name.period
                ? SegmentName(period: month, sequence: 0)
                : SegmentName(period: current.name.period, sequence: current.name.sequence + 1)
            return try start(next)
        }
        return current
    }

    private func start(_ name: SegmentName) throws(ArchiveError) -> (SegmentName, FileDescriptor) {
        let path = layout.path(of: name)
        let file = try FileDescriptor(path: path, flags: O_WRONLY | O_APPEND | O_CREAT)
        // The new name must survive a crash as surely as the lines written into it.
        try StateDirectory.sync(layout.archiveDirectory)
        current = (name, file)
        size = try file.size()
        return (name, file)
    }
}

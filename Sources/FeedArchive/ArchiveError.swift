#if canImport(Glibc)
import Glibc
#endif

/// Everything that can go wrong in the archive, each case naming its cause in one line.
public enum ArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another process holds the state directory's lock.
    case locked(lockPath: String, holderPID: Int32?)
    /// A system call failed on `path` with `errno`.
    case io(operation: String, path: String, errno: Int32)
    /// An append could not be made durable; the segment was cut back to where it was.
    case appendFailed(path: String, errno: Int32)
    /// A line is not a record of the archive schema.
    case invalidRecord(reason: String)
    /// A line was written by a newer feedd whose schema this one does not know.
    case unsupportedSchemaVersion(Int)
    /// A line of a segment could not be read as a record.
    case invalidLine(path: String, lineNumber: Int, reason: String)
    /// `Archive.reindex` could not write the new seen-index.
    case indexNotWritten(reason: String)
    /// The options given to `Archive.open` make no sense.
    case invalidOptions(String)
    /// The archive was closed; nothing more can be appended.
    case closed

    /// One line naming the cause, for logs and the command line.
    public var description: String {
        switch self {
        case let .locked(lockPath, holderPID):
            let holder = holderPID.map { "another feedd (pid \($0))" } ?? "another feedd"
            return "\(holder) holds \(lockPath): one writer per state directory; stop it first"
        case let .io(operation, path, code) where code == ELOOP:
            // What O_NOFOLLOW reports for a link.
            return "\(operation) \(path): it is a symbolic link, and feedd does not follow links in its state directory"
        case let .io(operation, path, code):
            return "\(operation) \(path): \(Self.message(for: code))"
        case let .appendFailed(path, code):
            return "cannot append to \(path): \(Self.message(for: code)); nothing was archived "
                + "and the segment is unchanged"
        case let .invalidRecord(reason):
            return "not an archive record: \(reason)"
        case let .unsupportedSchemaVersion(version):
            return "archive record has schema version \(version); this feedd reads version "
                + "\(ArchiveRecord.schemaVersion) only (upgrade feedd)"
        case let .invalidLine(path, lineNumber, reason):
            return "\(path):\(lineNumber): \(reason)"
        case let .indexNotWritten(reason):
            return "cannot write the seen-index: \(reason)"
        case let .invalidOptions(reason):
            return "invalid archive options: \(reason)"
        case .closed:
            return "the archive is closed"
        }
    }

    static func message(for code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// A state directory feedd refuses to write to, because someone other than feedd's own user
/// could tamper with it. An operator's mistake to fix, like a bad configuration: the command
/// line exits with 78 (EX_CONFIG), which systemd does not restart.
public struct StateDirectoryError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// The directory's group or others may write to it (its permission bits).
        case writableByOthers(mode: UInt32)
        /// It belongs to another user than the one feedd runs as.
        case ownedByAnotherUser(owner: UInt32, user: UInt32)
        /// A symbolic link where feedd keeps a file or a directory of its own.
        case symbolicLink
        /// Something else than a directory where one must be.
        case notADirectory
    }

    /// The directory or file at fault.
    public let path: String
    public let problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// One line naming the path, the cause and the remedy.
    public var description: String {
        switch problem {
        case let .writableByOthers(mode):
            return "state directory \(path) is writable by its group or others (mode \(String(mode & 0o7777, radix: 8))): "
                + "whoever can write there could plant links or forge archive lines; run chmod go-w \(path)"
        case let .ownedByAnotherUser(owner, user):
            return "state directory \(path) belongs to uid \(owner), but feedd runs as uid \(user): "
                + "run feedd as the directory's owner, or chown the directory to that user"
        case .symbolicLink:
            return "\(path) is a symbolic link: feedd does not follow links in its state directory; "
                + "remove the link (or put the real file there)"
        case .notADirectory:
            return "\(path) is not a directory: feedd needs one there for its state"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// The rules a state directory must meet before feedd writes to it, and its creation.
///
/// Whoever can write to the state directory can plant a symbolic link where feedd writes
/// (`feeds.jsonl` pointing at a file of the user feedd runs as) or forge archive lines. So the
/// directory and its `archive/` and `index/` must belong to the user feedd runs as and be
/// writable by no one else, and `archive/` and `index/` must be real directories. Only that
/// user (or root) can then change what is in them; feedd still opens every file there with
/// `O_NOFOLLOW`, so a link is refused however it got there. The state directory itself may be a
/// link (systemd's `DynamicUser=` makes `/var/lib/feedd` one), and is checked where it leads.
public enum StateDirectory {
    /// The subdirectories feedd keeps: the archive (with its alias log) and the seen-index.
    static let subdirectories = ["archive", "archive/aliases", "index"]

    /// Creates `path`, `archive/` and `index/` when missing (each creation made durable by
    /// syncing the directory it was made in), then checks them. `files` are paths feedd is about
    /// to open in the directory (the feed states, the ingest log): none may be a symbolic link.
    ///
    /// Throws `StateDirectoryError` for a directory others could tamper with or a link, and
    /// `ArchiveError` when a directory cannot be created.
    public static func prepare(_ path: String, files: [String] = []) throws {
        try makeDirectory(path)
        try check(directory: path, mayBeLink: true)
        for name in subdirectories {
            let subdirectory = path + "/" + name
            try makeDirectory(subdirectory)
            try check(directory: subdirectory, mayBeLink: false)
            try refuseLinks(in: subdirectory)
        }
        for file in files where isLink(file) {
            throw StateDirectoryError(path: file, problem: .symbolicLink)
        }
    }

    /// Flushes a directory's entries (a file created or renamed in it) to stable storage. The
    /// directory may be a link: the state directory itself can be one.
    public static func sync(_ directory: String) throws(ArchiveError) {
        let file = try FileDescriptor(path: directory, flags: O_RDONLY | O_DIRECTORY, followLinks: true)
        if let code = file.sync() { throw .io(operation: "sync", path: directory, errno: code) }
    }

    private static func check(directory path: String, mayBeLink: Bool) throws {
        var info = stat()
        if !mayBeLink, lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            throw StateDirectoryError(path: path, problem: .symbolicLink)
        }
        guard stat(path, &info) == 0 else { throw ArchiveError.io(operation: "stat", path: path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw StateDirectoryError(path: path, problem: .notADirectory) }
        let user = geteuid()
        guard info.st_uid == user else {
            throw StateDirectoryError(path: path, problem: .ownedByAnotherUser(owner: info.st_uid, user: user))
        }
        guard info.st_mode & (S_IWGRP | S_IWOTH) == 0 else {
            throw StateDirectoryError(path: path, problem: .writableByOthers(mode: info.st_mode))
        }
    }

    /// Refuses a symbolic link among the entries of `directory` (segments, the index).
    private static func refuseLinks(in directory: String) throws {
        guard let stream = opendir(directory) else { throw ArchiveError.io(operation: "list", path: directory, errno: errno) }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            guard entry.pointee.d_type == UInt8(DT_LNK) || entry.pointee.d_type == UInt8(DT_UNKNOWN) else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if isLink(directory + "/" + name) {
                throw StateDirectoryError(path: directory + "/" + name, problem: .symbolicLink)
            }
        }
    }

    private static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// `mkdir -p`, syncing the parent of each directory it creates.
    private static func makeDirectory(_ path: String) throws(ArchiveError) {
        if mkdir(path, 0o755) == 0 { return try syncParent(of: path) }
        let code = errno
        if code == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex {
            try makeDirectory(String(path[..<slash]))
            if mkdir(path, 0o755) == 0 { return try syncParent(of: path) }
            if errno == EEXIST { return }
            throw .io(operation: "create directory", path: path, errno: errno)
        }
        guard code == EEXIST else { throw .io(operation: "create directory", path: path, errno: code) }
    }

    private static func syncParent(of path: String) throws(ArchiveError) {
        guard let slash = path.lastIndex(of: "/") else { return try sync(".") }
        try sync(slash == path.startIndex ? "/" : String(path[..<slash]))
    }
}

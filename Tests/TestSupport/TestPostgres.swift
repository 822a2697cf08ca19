import Foundation

/// A real PostgreSQL server for one test: Debian's binaries, a data directory copied from one
/// `initdb` per test process, listening on a free port on 127.0.0.1 only, stopped by `stop()`.
///
/// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user (which
/// Debian's package creates), else `nobody`.
public final class TestPostgres: Sendable {
    public let port: Int
    /// Holds `data/` and the server log.
    public let directory: String
    public var dataDirectory: String { "\(directory)/data" }
    public var logPath: String { "\(directory)/server.log" }

    /// A connection URI for `database` (created by `createDatabase`, or the default `postgres`).
    public func uri(_ database: String = "postgres") -> String {
        "postgresql://feedd@127.0.0.1:\(port)/\(database)"
    }

    /// Whether the server binaries are on this machine; tests that need them are skipped otherwise.
    public static var isAvailable: Bool { binDirectory != nil }

    /// Why tests that need a server were skipped.
    public static let unavailableReason = "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql package (scripts/install-deps.sh --test) or set FEEDD_PG_BIN"

    /// Initialises a cluster (from a per-process template) and starts it.
    public init() throws {
        guard let bin = Self.binDirectory else { throw TestSupportError(Self.unavailableReason) }
        let template = try Self.template(bin: bin)
        let root = try TemporaryDirectory(prefix: "feedd-pg").path
        chmod(root, 0o755)
        directory = root
        FeedFarm.openToNginx(root)
        try Self.shell(["cp", "-a", template, "\(root)/data"])
        try Self.shell(["chown", "-R", Self.owner, root])
        var lastError: (any Error)?
        for _ in 0..<5 {
            let candidate = try FreePort.find()
            do {
                try Self.start(bin: bin, data: "\(root)/data", port: candidate, log: "\(root)/server.log")
                port = candidate
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? TestSupportError("PostgreSQL did not start")
    }

    /// Creates a database and returns its URI.
    public func createDatabase(_ name: String) throws -> String {
        guard let bin = Self.binDirectory else { throw TestSupportError(Self.unavailableReason) }
        try Self.shell(Self.asOwner + ["\(bin)/createdb", "-h", "127.0.0.1", "-p", String(port), "-U", "feedd", name])
        return uri(name)
    }

    /// Runs one SQL command through psql and returns its unaligned output (rows, `|`-separated).
    @discardableResult
    public func sql(_ command: String, database: String = "postgres") throws -> String {
        guard let bin = Self.binDirectory else { throw TestSupportError(Self.unavailableReason) }
        let psql = FileManager.default.isExecutableFile(atPath: "\(bin)/psql") ? "\(bin)/psql" : "psql"
        return try Self.shell(Self.asOwner + [psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                                              "-p", String(port), "-U", "feedd", "-d", database, "-c", command])
    }

    /// Stops the server (fast shutdown: connections are cut), keeping its data.
    public func shutDown() throws {
        guard let bin = Self.binDirectory else { return }
        try Self.shell(Self.asOwner + ["\(bin)/pg_ctl", "-D", dataDirectory, "-m", "fast", "-w", "-t", "120", "stop"])
    }

    /// Starts it again on the same port, after `shutDown`.
    public func startAgain() throws {
        guard let bin = Self.binDirectory else { throw TestSupportError(Self.unavailableReason) }
        try Self.start(bin: bin, data: dataDirectory, port: port, log: logPath)
    }

    /// Stops the server and removes its files.
    public func stop() {
        try? shutDown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Server binaries

    /// `$FEEDD_PG_BIN`, else the newest `/usr/lib/postgresql/N/bin`, else the directory of `pg_ctl` on PATH.
    static let binDirectory: String? = {
        let fileManager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["FEEDD_PG_BIN"] {
            return fileManager.isExecutableFile(atPath: "\(explicit)/initdb") ? explicit : nil
        }
        let versions = ((try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where fileManager.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/initdb") {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        if let pgCtl = try? ChildProcess.resolve("pg_ctl") {
            let resolved = (pgCtl as NSString).resolvingSymlinksInPath
            let bin = (resolved as NSString).deletingLastPathComponent
            return fileManager.isExecutableFile(atPath: "\(bin)/initdb") ? bin : nil
        }
        return nil
    }()

    /// Who owns and runs the server: the test's own user, unless that is root.
    static let owner: String = {
        guard getuid() == 0 else { return String(getuid()) }
        return getpwnam("postgres") != nil ? "postgres" : "nobody"
    }()

    static var asOwner: [String] { getuid() == 0 ? ["runuser", "-u", owner, "--"] : [] }

    private static let templateLock = NSLock()
    nonisolated(unsafe) private static var templatePath: String?

    /// One `initdb` per test process; each server starts from a copy.
    private static func template(bin: String) throws -> String {
        templateLock.lock()
        defer { templateLock.unlock() }
        if let templatePath { return templatePath }
        let root = try TemporaryDirectory(prefix: "feedd-pg-template").path
        chmod(root, 0o755)
        FeedFarm.openToNginx(root)
        try shell(["chown", owner, root])
        try shell(asOwner + ["\(bin)/initdb", "-D", "\(root)/data", "-U", "feedd", "--auth=trust", "-E", "UTF8",
                             "--locale=C", "--no-sync"])
        templatePath = "\(root)/data"
        atexit {
            TestPostgres.templateLock.lock()
            if let path = TestPostgres.templatePath {
                try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
            }
            TestPostgres.templateLock.unlock()
        }
        return "\(root)/data"
    }

    private static func start(bin: String, data: String, port: Int, log: String) throws {
        // No Unix socket (tests share /tmp with others), loopback only, no fsync (test data).
        let options = "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off "
            + "-c full_page_writes=off -c max_connections=50"
        try shell(asOwner + ["\(bin)/pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "-t", "120", "start"])
    }

    @discardableResult
    private static func shell(_ command: [String]) throws -> String {
        let (status, output) = try ChildProcess.run(command, workingDirectory: "/")
        guard status == 0 else {
            throw TestSupportError("\(command.joined(separator: " ")) exited \(status): \(output)")
        }
        return output
    }
}

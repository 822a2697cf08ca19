import Foundation

/// A child process started with posix_spawn, its stdout and stderr sent to files, reaped with
/// waitpid. Foundation's Process is avoided here: on Linux its waitUntilExit can hang when
/// several tests wait on children at once, and tests need plain signals and exit statuses.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `status` is only touched under `lock`; the rest is immutable after launch.
    public let pid: pid_t
    public let stdoutPath: String
    public let stderrPath: String
    private let lock = NSLock()
    private var status: Int32?

    /// Starts `executable arguments...` with `environment` (the whole environment, not added to ours).
    /// `stdinPath` is /dev/null unless a test gives a terminal's.
    public init(_ executable: String, _ arguments: [String], environment: [String: String],
                workingDirectory: String, stdoutPath: String, stderrPath: String, stdinPath: String = "/dev/null") throws {
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, stdinPath == "/dev/null" ? O_RDONLY : O_RDWR, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default signal handling whatever the test runner changed.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // env(1) changes directory and then execs the program, keeping the pid: glibc's
        // posix_spawn_file_actions_addchdir_np is not visible to Swift.
        let argv = (["/usr/bin/env", "-C", workingDirectory, executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, "/usr/bin/env", &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw TestSupportError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// The exit status (or 128 + signal), reaping the child if it has ended; nil while it runs.
    public var exitStatus: Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        let signalled = raw & 0x7F
        status = signalled == 0 ? (raw >> 8) & 0xFF : 128 + signalled
        return status
    }

    public var isRunning: Bool { exitStatus == nil }

    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits up to `timeout` for the child to end; its status, or nil if it still runs.
    @discardableResult
    public func wait(timeout: Duration) -> Int32? {
        _ = Wait.until(timeout: timeout) { !self.isRunning }
        return exitStatus
    }

    public var stdout: String { Self.contents(stdoutPath) }
    public var stderr: String { Self.contents(stderrPath) }

    /// A stream's file, read; "" for a terminal (read it from the `PseudoTerminal` instead).
    private static func contents(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return "" }
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: .seconds(10))
        }
    }

    /// Runs a command to completion (at most `timeout`) with output to temporary files.
    public static func run(_ command: [String], workingDirectory: String = NSTemporaryDirectory(),
                           timeout: Duration = .seconds(600)) throws -> (status: Int32, output: String) {
        let stamp = UUID().uuidString.prefix(8)
        let out = (NSTemporaryDirectory() as NSString).appendingPathComponent("child-\(stamp).out")
        defer { unlink(out) }
        let executable = try resolve(command[0])
        let child = try ChildProcess(executable, Array(command.dropFirst()), environment: ProcessInfo.processInfo.environment,
                                     workingDirectory: workingDirectory, stdoutPath: out, stderrPath: out)
        guard let status = child.wait(timeout: timeout) else {
            child.signal(SIGKILL)
            throw TestSupportError("\(command.joined(separator: " ")) did not finish within \(timeout)")
        }
        return (status, child.stdout)
    }

    /// `name` when it is a path, else its place on $PATH.
    public static func resolve(_ name: String) throws -> String {
        if name.contains("/") { return name }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw TestSupportError("\(name) not found on PATH")
    }
}

import Foundation

/// The real `feedd` binary, spawned with its output captured in files.
public final class FeeddProcess: Sendable {
    public let child: ChildProcess

    /// The binary under test: `$FEEDD_BINARY`, else `feedd` next to the test bundle.
    public static var binaryPath: String {
        if let explicit = ProcessInfo.processInfo.environment["FEEDD_BINARY"] { return explicit }
        let bundleDirectory = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
        let beside = "\(bundleDirectory)/feedd"
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return "\(Repository.root)/.build/debug/feedd"
    }

    /// Starts `feedd arguments...` with `environment` added to the test's own. `terminal` puts
    /// the streams named in `onTerminal` on that pseudo-terminal (its output is then read there).
    public init(_ arguments: [String], environment: [String: String] = [:], workingDirectory: String,
                terminal: PseudoTerminal? = nil, onTerminal: Set<TerminalStream> = [.stdin, .stdout, .stderr]) throws {
        let stamp = UUID().uuidString.prefix(8)
        func path(_ stream: TerminalStream, else file: String) -> String {
            terminal.map { onTerminal.contains(stream) ? $0.slavePath : file } ?? file
        }
        child = try ChildProcess(
            Self.binaryPath, arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
            workingDirectory: workingDirectory,
            stdoutPath: path(.stdout, else: "\(workingDirectory)/feedd-\(stamp).out"),
            stderrPath: path(.stderr, else: "\(workingDirectory)/feedd-\(stamp).err"),
            stdinPath: path(.stdin, else: "/dev/null"))
    }

    /// The streams a test may put on a pseudo-terminal.
    public enum TerminalStream: Sendable, Hashable {
        case stdin, stdout, stderr
    }

    /// Runs `feedd arguments...` to completion (at most `timeout`) and returns its status and output.
    public static func run(_ arguments: [String], environment: [String: String] = [:], workingDirectory: String,
                           timeout: Duration = .seconds(300), terminal: PseudoTerminal? = nil,
                           onTerminal: Set<TerminalStream> = [.stdin, .stdout, .stderr]) throws -> (status: Int32, stdout: String, stderr: String) {
        let running = try FeeddProcess(arguments, environment: environment, workingDirectory: workingDirectory,
                                       terminal: terminal, onTerminal: onTerminal)
        guard let status = running.child.wait(timeout: timeout) else {
            running.signal(SIGKILL)
            throw TestSupportError("feedd \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        return (status, running.stdout, running.stderr)
    }

    public var pid: Int32 { child.pid }
    public var isRunning: Bool { child.isRunning }
    public var exitStatus: Int32? { child.exitStatus }
    public var stdout: String { child.stdout }
    public var stderr: String { child.stderr }

    public func signal(_ signal: Int32) {
        child.signal(signal)
    }

    /// True once the process has exited; false when `timeout` passed first.
    public func waitForExit(timeout: Duration) -> Bool {
        child.wait(timeout: timeout) != nil
    }

    /// SIGTERM, then SIGKILL if it lingers; returns the exit status.
    @discardableResult
    public func stop() -> Int32 {
        if let status = child.exitStatus { return status }
        signal(SIGTERM)
        if let status = child.wait(timeout: .seconds(60)) { return status }
        signal(SIGKILL)
        return child.wait(timeout: .seconds(10)) ?? -1
    }
}

/// Polling waits with generous deadlines: tests wait for a state, never for a fixed time.
public enum Wait {
    /// Checks `condition` every 50 ms until it holds (true) or `timeout` passes (false).
    public static func until(timeout: Duration, _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}

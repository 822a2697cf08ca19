import Foundation

/// The real `feedd` binary, spawned with its output captured in files.
public final class FeeddProcess: @unchecked Sendable {
    // @unchecked: Foundation's Process is not Sendable; this class only reads it after launch.
    public let process: Process
    public let stdoutPath: String
    public let stderrPath: String

    /// The binary under test: `$FEEDD_BINARY`, else `feedd` next to the test bundle.
    public static var binaryPath: String {
        if let explicit = ProcessInfo.processInfo.environment["FEEDD_BINARY"] { return explicit }
        let bundleDirectory = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
        let beside = "\(bundleDirectory)/feedd"
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return "\(packageRoot)/.build/debug/feedd"
    }

    /// Starts `feedd arguments...` with `environment` added to the test's own.
    public init(_ arguments: [String], environment: [String: String] = [:], workingDirectory: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        let stamp = UUID().uuidString.prefix(8)
        stdoutPath = "\(workingDirectory)/feedd-\(stamp).out"
        stderrPath = "\(workingDirectory)/feedd-\(stamp).err"
        guard FileManager.default.createFile(atPath: stdoutPath, contents: nil),
              FileManager.default.createFile(atPath: stderrPath, contents: nil) else {
            throw TestSupportError("cannot create output files in \(workingDirectory)")
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Runs `feedd arguments...` to completion (at most `timeout`) and returns its status and output.
    public static func run(_ arguments: [String], environment: [String: String] = [:], workingDirectory: String,
                           timeout: Duration = .seconds(300)) throws -> (status: Int32, stdout: String, stderr: String) {
        let running = try FeeddProcess(arguments, environment: environment, workingDirectory: workingDirectory)
        guard running.waitForExit(timeout: timeout) else {
            running.signal(SIGKILL)
            _ = running.waitForExit(timeout: .seconds(10))
            throw TestSupportError("feedd \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        return (running.process.terminationStatus, running.stdout, running.stderr)
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// True once the process has exited; false when `timeout` passed first.
    public func waitForExit(timeout: Duration) -> Bool {
        Wait.until(timeout: timeout) { !self.process.isRunning }
    }

    /// SIGTERM, then SIGKILL if it lingers; returns the exit status.
    @discardableResult
    public func stop() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        signal(SIGTERM)
        if !waitForExit(timeout: .seconds(60)) {
            signal(SIGKILL)
            _ = waitForExit(timeout: .seconds(10))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
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

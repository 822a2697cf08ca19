import Foundation

/// A real Prometheus server (Debian's `prometheus` package) in a temporary directory, listening on
/// a free loopback port and scraping one target every second, for tests that read a value back
/// through its HTTP query API.
public final class PrometheusServer: Sendable {
    /// Where Debian installs the server and its checking tool.
    public static let serverPath = "/usr/bin/prometheus"
    public static let promtoolPath = "/usr/bin/promtool"

    /// Whether both are installed; tests that need them are skipped, saying why, when not.
    public static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: serverPath) && FileManager.default.isExecutableFile(atPath: promtoolPath)
    }

    public static let missingReason = "Prometheus is not installed (scripts/install-deps.sh --test installs Debian's prometheus package)"

    private let directory: TemporaryDirectory
    private let child: ChildProcess
    /// `http://127.0.0.1:port`.
    public let baseURL: String

    /// Starts Prometheus scraping `target` (`host:port`) at `/metrics` every second, as job `job`,
    /// and waits (up to `timeout`) until it says it is ready.
    public init(scraping target: String, job: String = "feedd", timeout: Duration = .seconds(180)) throws {
        directory = try TemporaryDirectory(prefix: "feedd-prometheus")
        let config = """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: \(job)
            static_configs:
              - targets: ["\(target)"]

        """
        try config.write(toFile: "\(directory.path)/prometheus.yml", atomically: true, encoding: .utf8)
        var started: (ChildProcess, String)?
        var lastFailure = ""
        // The free port may be taken by another process before Prometheus binds it: try another.
        for attempt in 0..<3 {
            let port = try FreePort.find()
            let child = try ChildProcess(
                Self.serverPath,
                ["--config.file=\(directory.path)/prometheus.yml", "--storage.tsdb.path=\(directory.path)/data",
                 "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"],
                environment: ProcessInfo.processInfo.environment, workingDirectory: directory.path,
                stdoutPath: "\(directory.path)/out-\(attempt).log", stderrPath: "\(directory.path)/err-\(attempt).log")
            let base = "http://127.0.0.1:\(port)"
            let ready = Wait.until(timeout: timeout) {
                !child.isRunning || (try? HTTPGet.fetch("\(base)/-/ready", timeout: 5))?.status == 200
            }
            if ready && child.isRunning {
                started = (child, base)
                break
            }
            lastFailure = child.stderr
            child.signal(SIGKILL)
            _ = child.wait(timeout: .seconds(30))
        }
        guard let (child, base) = started else {
            directory.remove()
            throw TestSupportError("Prometheus did not become ready: \(lastFailure)")
        }
        self.child = child
        baseURL = base
    }

    deinit {
        stop()
    }

    /// SIGTERM, then SIGKILL if it lingers, and the directory removed.
    public func stop() {
        child.signal(SIGTERM)
        if child.wait(timeout: .seconds(60)) == nil {
            child.signal(SIGKILL)
            child.wait(timeout: .seconds(10))
        }
        directory.remove()
    }

    /// The value of an instant PromQL query that yields one sample; nil while it yields none.
    public func query(_ promql: String) throws -> Double? {
        let encoded = promql.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? promql
        let response = try HTTPGet.fetch("\(baseURL)/api/v1/query?query=\(encoded)", timeout: 30)
        guard response.status == 200,
              let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any],
              let data = object["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
              let first = result.first, let value = first["value"] as? [Any], value.count == 2,
              let text = value[1] as? String else { return nil }
        return Double(text)
    }

    /// Each active target's health ("up", "down", "unknown") and last scrape error, from /api/v1/targets.
    public func targets() throws -> [(health: String, lastError: String)] {
        let response = try HTTPGet.fetch("\(baseURL)/api/v1/targets", timeout: 30)
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any],
              let data = object["data"] as? [String: Any],
              let active = data["activeTargets"] as? [[String: Any]] else { return [] }
        return active.map { (($0["health"] as? String) ?? "", ($0["lastError"] as? String) ?? "") }
    }

    /// What the server logged, for a failing test's message.
    public var log: String { child.stderr }
}

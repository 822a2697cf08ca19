import Foundation

/// An article farm from the shared `gen_articles.py` (summary-only feeds linking to article pages
/// with dedup traps and exact truth), served by nginx through the shared `serve_articles.sh` on
/// 127.0.0.1..127.0.0.`hosts`.
public final class ArticleFarm: Sendable {
    public let directory: String
    public let port: Int
    public let hosts: Int

    /// Whether the shared article-farm tools are beside the repository.
    public static var isAvailable: Bool {
        ["bench/gen_articles.py", "bench/serve_articles.sh", "bench/check_articles.py"].allSatisfy {
            FileManager.default.fileExists(atPath: (SharedMaterial.directory as NSString).appendingPathComponent($0))
        }
    }

    /// Generates the farm (generation `generation`) into `directory` and starts nginx on a free port.
    public init(directory: String, feeds: Int = 40, items: Int = 15, hosts: Int = 4, keepAll: Bool = false) throws {
        self.directory = directory
        self.hosts = hosts
        port = try FreePort.find()
        try generate(generation: 0, feeds: feeds, items: items, keepAll: keepAll)
        FeedFarm.openToNginx(directory)
        do {
            try FeedFarm.shell([try SharedMaterial.path("bench/serve_articles.sh"), "start", directory, String(port), String(hosts)])
        } catch {
            stop()
            throw error
        }
    }

    /// Advances the farm to `generation` and has nginx read the new redirects.
    public func advance(to generation: Int, feeds: Int = 40, items: Int = 15, keepAll: Bool = false) throws {
        try generate(generation: generation, feeds: feeds, items: items, keepAll: keepAll)
        FeedFarm.openToNginx(directory)
        try FeedFarm.shell([try SharedMaterial.path("bench/serve_articles.sh"), "reload", directory])
    }

    private func generate(generation: Int, feeds: Int, items: Int, keepAll: Bool) throws {
        var arguments = ["python3", try SharedMaterial.path("bench/gen_articles.py"), "--out", directory,
                         "--feeds", String(feeds), "--items", String(items), "--hosts", String(hosts),
                         "--port", String(port), "--gen", String(generation)]
        if keepAll { arguments.append("--keep-all") }
        try FeedFarm.shell(arguments)
    }

    public var feedURLs: [String] {
        ((try? String(contentsOfFile: "\(directory)/urls.txt", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Runs the shared checker on the archive segments; its exit status and report.
    public func check(archiveDirectory: String, minimumF1: Double = 0.95) throws -> (passed: Bool, report: String) {
        let segments = ((try? FileManager.default.contentsOfDirectory(atPath: archiveDirectory)) ?? [])
            .filter { $0.hasSuffix(".jsonl") }.sorted().map { "\(archiveDirectory)/\($0)" }
        let (status, output) = try ChildProcess.run(
            ["python3", try SharedMaterial.path("bench/check_articles.py"), "\(directory)/truth.jsonl"] + segments
                + ["--min-f1", String(minimumF1)])
        return (status == 0, output)
    }

    public func stop() {
        _ = try? FeedFarm.shell([(try? SharedMaterial.path("bench/serve_articles.sh")) ?? "serve_articles.sh", "stop", directory])
    }
}

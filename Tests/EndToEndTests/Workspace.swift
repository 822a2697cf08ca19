import Foundation
import TestSupport

/// A state directory and config file for one end-to-end test, and readers for what feedd wrote.
struct Workspace {
    let directory: TemporaryDirectory
    var root: String { directory.path }
    var configPath: String { "\(root)/feedd.toml" }
    var stateDirectory: String { "\(root)/state" }
    /// Where the ingest log is: under the state directory unless a test put it elsewhere.
    var ingestLogPath: String {
        let outside = "\(root)/ingest.log"
        return FileManager.default.fileExists(atPath: outside) ? outside : "\(stateDirectory)/ingest.log"
    }

    init() throws {
        directory = try TemporaryDirectory(prefix: "feedd-e2e")
    }

    /// Writes the config: fast test-friendly polling unless `poll` says otherwise, then the feeds.
    func writeConfig(feeds: [(name: String, url: String)], poll: String = Self.fastPolling, http: String = "", extra: String = "") throws {
        var text = "state_dir = \"\(stateDirectory)\"\n\(extra)\n[poll]\n\(poll)\n"
        if !http.isEmpty { text += "[http]\n\(http)\n" }
        for feed in feeds {
            text += "\n[[feed]]\nname = \"\(feed.name)\"\nurl = \"\(feed.url)\"\n"
        }
        try write(text, to: configPath)
    }

    static let fastPolling = """
    interval = "1s"
    min_interval = "1s"
    retry_delay = "1s"
    max_retry_delay = "2s"
    jitter = 0
    adaptive = false
    """

    func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, path) == 0 else { throw TestSupportError("rename \(path): \(String(cString: strerror(errno)))") }
    }

    /// Every archived record, across all segments, in order.
    func archive() -> [[String: Any]] {
        archiveLines().compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    func archiveLines() -> [String] {
        let directory = "\(stateDirectory)/archive"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        return files.flatMap { file in
            ((try? String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init)
        }
    }

    /// The segment files, as paths relative to the state directory.
    func archiveFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(stateDirectory)/archive")) ?? [])
            .filter { $0.hasSuffix(".jsonl") }.sorted().map { "archive/\($0)" }
    }

    func canonicalURLs() -> [String] {
        archive().compactMap { $0["canonical_url"] as? String }
    }

    func ingestLog() -> [String] {
        ((try? String(contentsOfFile: ingestLogPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Each feed's saved state, keyed by configured URL: the snapshot (feeds.jsonl), then the
    /// journal over it (feeds.journal), read as the README documents them.
    func feedState() -> [String: [String: Any]] {
        var states: [String: [String: Any]] = [:]
        for file in ["feeds.jsonl", "feeds.journal"] {
            let text = (try? String(contentsOfFile: "\(stateDirectory)/\(file)", encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let url = object["url"] as? String else { continue }
                states[url] = object["removed"] as? Bool == true ? nil : object["state"] as? [String: Any]
            }
        }
        return states
    }

    /// Deletes the saved feed states (snapshot and journal): the next poll is unconditional.
    func forgetFeedState() {
        for file in ["feeds.jsonl", "feeds.journal"] { unlink("\(stateDirectory)/\(file)") }
    }

    func feedd(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try FeeddProcess.run(arguments, environment: environment, workingDirectory: root)
    }

    func pollOnce() throws -> (status: Int32, stdout: String, stderr: String) {
        try feedd(["poll-once", "--config", configPath])
    }

    func startDaemon(environment: [String: String] = [:]) throws -> FeeddProcess {
        try FeeddProcess(["run", "--config", configPath], environment: environment, workingDirectory: root)
    }

    /// Removes the workspace, unless FEEDD_KEEP_TEST_DIRS is set (to read what a failing test left).
    func remove() {
        if ProcessInfo.processInfo.environment["FEEDD_KEEP_TEST_DIRS"] != nil {
            print("kept \(root)")
            return
        }
        directory.remove()
    }
}

/// Small feed documents for tests.
enum FeedText {
    /// RSS 2.0 with one item per (path, title) under `site`.
    static func rss(title: String, site: String = "https://news.example", items: [(path: String, title: String)]) -> String {
        var text = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>\(title)</title><link>\(site)/</link>

        """
        for (index, item) in items.enumerated() {
            text += """
            <item><title>\(item.title)</title><link>\(site)\(item.path)</link>\
            <guid isPermaLink="false">\(title)-\(index)</guid>\
            <pubDate>Mon, 0\(index % 9 + 1) Nov 2026 10:00:00 GMT</pubDate>\
            <description>About \(item.title)</description></item>

            """
        }
        return text + "</channel></rss>\n"
    }

    static func items(_ prefix: String, _ range: Range<Int>) -> [(path: String, title: String)] {
        range.map { ("/\(prefix)/\($0)", "\(prefix) story \($0)") }
    }
}

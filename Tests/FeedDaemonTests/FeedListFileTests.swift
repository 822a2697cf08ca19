@testable import FeedDaemon
import Foundation
import Testing
import TestSupport

/// `feeds_file`: the plain feed list, read through the real config loader from real files.
@Suite struct FeedListFileTests {
    let loader = ConfigLoader(environment: ["HOME": "/home/operator"])

    /// Writes `feedd.toml` (with `feeds_file = "feeds.txt"` first) and `feeds.txt`, then calls `body`.
    private func withList(_ list: String, config: String = "", body: (String, String) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "feeds_file = \"feeds.txt\"\n\(config)".write(toFile: "\(directory.path)/feedd.toml", atomically: true, encoding: .utf8)
        try list.write(toFile: "\(directory.path)/feeds.txt", atomically: true, encoding: .utf8)
        try body("\(directory.path)/feedd.toml", "\(directory.path)/feeds.txt")
    }

    private func problems(_ path: String) -> [String] {
        do {
            _ = try loader.load(path)
            return []
        } catch {
            return error.problems.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line ?? 0): \($0.message)" }
        }
    }

    @Test func readsURLsNamesAndComments() throws {
        let list = """
        # my feeds
        https://a.example/feed.xml
          https://b.example/rss\tB's blog  \r

        \t# indented comment
        http://c.example/atom.xml   News of C #1
        local/feed.xml
        """
        try withList(list, config: "[[feed]]\nurl = \"https://toml.example/\"\n") { path, listPath in
            let config = try loader.load(path)
            let directory = (path as NSString).deletingLastPathComponent
            #expect(config.feedsFile == listPath)
            #expect(config.feeds.map(\.url) == ["https://toml.example/", "https://a.example/feed.xml", "https://b.example/rss",
                                               "http://c.example/atom.xml", "file://\(directory)/local/feed.xml"])
            #expect(config.feeds.map(\.givenName) == [nil, nil, "B's blog", "News of C #1", nil])
            #expect(config.feeds[1].name == "a.example/feed.xml")
            #expect(config.feeds[1].source == SourceLocation(file: listPath, line: 2))
            #expect(config.feeds[3].source == SourceLocation(file: listPath, line: 6))
        }
    }

    @Test func namesEachBadLineWithFileAndLine() throws {
        var list = "https://a.example/\nftp://x.example/y\nhttps://a.example/\nHTTPS://A.EXAMPLE:443/#top Again\nhttps://toml.example/\n"
        list += "https://good.example/\n"
        try withList(list, config: "[[feed]]\nurl = \"https://toml.example/\"\n") { path, _ in
            let directory = (path as NSString).deletingLastPathComponent
            try FileHandle(forWritingAtPath: "\(directory)/feeds.txt").map { handle in
                try handle.seekToEnd()
                try handle.write(contentsOf: Data([0x68, 0x74, 0xFF, 0x0A]))  // invalid UTF-8 on line 7
                try handle.close()
            }
            let found = problems(path)
            #expect(found.contains { $0.hasPrefix("feeds.txt:2: \"ftp://x.example/y\" is not a usable feed URL") }, "\(found)")
            #expect(found.contains("feeds.txt:3: feed https://a.example/ is already listed at \(directory)/feeds.txt:1"))
            #expect(found.contains { $0.hasPrefix("feeds.txt:4: feed ") && $0.hasSuffix(":443/#top is already listed at \(directory)/feeds.txt:1") })
            #expect(found.contains("feeds.txt:5: feed https://toml.example/ is already listed at \(path):3"))
            #expect(found.contains("feeds.txt:7: not valid UTF-8 text"))
            #expect(found.count == 5)
        }
    }

    @Test func missingListIsOneProblem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "feeds_file = \"lists/none.txt\"\n".write(toFile: "\(directory.path)/feedd.toml", atomically: true, encoding: .utf8)
        let found = problems("\(directory.path)/feedd.toml")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("none.txt:0: cannot read") == true, "\(found)")
    }

    @Test func loadsAHundredThousandFeedsInOrder() throws {
        // Correctness at the size the list exists for; its speed is measured by scripts/bench.sh --large.
        let count = 100_000
        var list = "# generated\n"
        list.reserveCapacity(count * 48)
        for index in 0..<count {
            list += "http://127.0.0.\(index % 4 + 1):8080/feeds/f\(index).xml"
            list += index % 10 == 0 ? " Feed \(index)\n" : "\n"
        }
        try withList(list) { path, listPath in
            let config = try loader.load(path)
            #expect(config.feeds.count == count)
            #expect(config.feeds.first?.url == "http://127.0.0.1:8080/feeds/f0.xml")
            #expect(config.feeds.last?.url == "http://127.0.0.4:8080/feeds/f\(count - 1).xml")
            #expect(config.feeds[12_345].url == "http://127.0.0.2:8080/feeds/f12345.xml")
            #expect(config.feeds[12_340].givenName == "Feed 12340")
            #expect(config.feeds[12_345].givenName == nil)
            #expect(config.feeds.last?.source == SourceLocation(file: listPath, line: count + 1))
            #expect(Set(config.feeds.map(\.url)).count == count)
        }
        // The same list with one URL listed again at the end: exactly that line is refused.
        try withList(list + "http://127.0.0.3:8080/feeds/f77778.xml\n") { path, listPath in
            #expect(problems(path) == ["feeds.txt:\(count + 2): feed http://127.0.0.3:8080/feeds/f77778.xml is already listed at \(listPath):77780"])
        }
    }
}

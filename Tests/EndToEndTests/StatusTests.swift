import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// `feedd status`: the summary line, `--failing` and `--json`, read from what a real poll left.
    @Suite struct StatusTests {
        /// A workspace whose feeds were polled once: one ok, one failing (500), one gone (410),
        /// one moved (301), and one added afterwards (not polled yet). Before that poll, an
        /// earlier one archived two items that the test dates back two days.
        private static func polledWorkspace(_ server: TestHTTPServer) throws -> Workspace {
            let workspace = try Workspace()
            try workspace.writeConfig(feeds: [("early", server.url("/early.xml"))])
            #expect(try workspace.pollOnce().status == 0)
            try Self.backdateArchive(workspace, bySeconds: 2 * 86_400)

            let feeds = ["ok", "broken", "retired", "old"].map { ($0, server.url("/\($0).xml")) }
            try workspace.writeConfig(feeds: feeds)
            let poll = try workspace.pollOnce()
            #expect(poll.status == 1, "a feed failed: \(poll.stdout)")
            try workspace.writeConfig(feeds: feeds + [("later", server.url("/later.xml"))])
            return workspace
        }

        private static func server() throws -> TestHTTPServer {
            try TestHTTPServer(routes: [
                "/early.xml": { _ in .ok(FeedText.rss(title: "Early", items: FeedText.items("early", 0..<2))) },
                "/ok.xml": { _ in .ok(FeedText.rss(title: "OK", items: FeedText.items("ok", 0..<3))) },
                "/broken.xml": { _ in .status(500, body: "oops") },
                "/retired.xml": { _ in .status(410, body: "gone") },
                "/old.xml": { _ in .redirect(301, to: "/new.xml") },
                "/new.xml": { _ in .ok(FeedText.rss(title: "New", items: FeedText.items("new", 0..<2))) },
                "/later.xml": { _ in .ok(FeedText.rss(title: "Later", items: [])) },
            ])
        }

        /// Moves every `fetched_at` in the archive back (same length, so the seen-index still fits).
        private static func backdateArchive(_ workspace: Workspace, bySeconds seconds: Double) throws {
            let directory = "\(workspace.stateDirectory)/archive"
            let then = ISO8601DateFormatter().string(from: Date() - seconds)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".jsonl") {
                let path = "\(directory)/\(name)"
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let pattern = try NSRegularExpression(pattern: #""fetched_at":"[0-9T:Z-]{20}""#)
                let changed = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                                               withTemplate: "\"fetched_at\":\"\(then)\"")
                try changed.write(toFile: path, atomically: false, encoding: .utf8)
            }
        }

        @Test func summaryLineFirstThenEveryFeed() throws {
            let server = try Self.server()
            defer { server.stop() }
            let workspace = try Self.polledWorkspace(server)
            defer { workspace.remove() }
            #expect(workspace.archiveLines().count == 7, "2 backdated + 3 + 2")

            let status = try workspace.feedd(["status", "--config", workspace.configPath])
            #expect(status.status == 0, "\(status.stderr)")
            let lines = status.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first == "5 feeds: 1 ok, 1 failing, 1 gone, 1 moved, 1 not polled yet; 5 items archived in the last 24 h",
                    "\(status.stdout)")
            func row(_ name: String) -> String? { lines.first { $0.hasPrefix(name + " ") } }
            #expect(row("ok")?.contains(" ok ") == true && row("ok")?.contains(" 200 ") == true, "\(status.stdout)")
            #expect(row("broken")?.contains(" failing ") == true && row("broken")?.hasSuffix("HTTP 500 Internal Server Error") == true)
            #expect(row("retired")?.contains(" gone ") == true && row("retired")?.contains(" never ") == true)
            #expect(row("old")?.contains(" moved ") == true && row("old")?.hasSuffix("moved to \(server.url("/new.xml"))") == true)
            #expect(row("later")?.contains(" pending ") == true)
        }

        @Test func failingListsOnlyTheBrokenOnesWithTheirLastError() throws {
            let server = try Self.server()
            defer { server.stop() }
            let workspace = try Self.polledWorkspace(server)
            defer { workspace.remove() }

            let failing = try workspace.feedd(["status", "--failing", "--config", workspace.configPath])
            #expect(failing.status == 0, "\(failing.stderr)")
            let lines = failing.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("5 feeds: 1 ok, 1 failing, 1 gone, 1 moved") == true)
            let rows = lines.dropFirst(2)
            #expect(rows.count == 2, "\(failing.stdout)")
            #expect(rows.contains { $0.hasPrefix("broken ") && $0.hasSuffix("HTTP 500 Internal Server Error") })
            #expect(rows.contains { $0.hasPrefix("retired ") && $0.hasSuffix("410 Gone") })

            // Nothing broken: the summary alone.
            try workspace.writeConfig(feeds: [("ok", server.url("/ok.xml"))])
            let none = try workspace.feedd(["status", "--failing", "--config", workspace.configPath])
            #expect(none.stdout == "1 feeds: 1 ok, 0 failing, 0 gone, 0 moved; 5 items archived in the last 24 h\n")
        }

        @Test func jsonForScripts() throws {
            let server = try Self.server()
            defer { server.stop() }
            let workspace = try Self.polledWorkspace(server)
            defer { workspace.remove() }

            let output = try workspace.feedd(["status", "--json", "--config", workspace.configPath])
            #expect(output.status == 0, "\(output.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            let summary = try #require(object["summary"] as? [String: Int])
            #expect(summary == ["feeds": 5, "ok": 1, "failing": 1, "gone": 1, "moved": 1, "pending": 1, "items_archived_24h": 5])
            let feeds = try #require(object["feeds"] as? [[String: Any]])
            #expect(feeds.map { $0["name"] as? String } == ["ok", "broken", "retired", "old", "later"])
            let broken = try #require(feeds.first { $0["name"] as? String == "broken" })
            #expect(broken["state"] as? String == "failing")
            #expect(broken["last_status"] as? Int == 500)
            #expect(broken["consecutive_failures"] as? Int == 1)
            #expect(broken["last_error"] as? String == "HTTP 500 Internal Server Error")
            #expect((broken["last_polled"] as? String)?.hasSuffix("Z") == true)
            let ok = try #require(feeds.first { $0["name"] as? String == "ok" })
            #expect(ok["items_archived"] as? Int == 3)
            #expect(ok["last_error"] is NSNull, "every key is there, null when unknown")
            let later = try #require(feeds.first { $0["name"] as? String == "later" })
            #expect(later["state"] as? String == "pending" && later["last_polled"] is NSNull)

            let failing = try workspace.feedd(["status", "--json", "--failing", "--config", workspace.configPath])
            let failingObject = try #require(try JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)) as? [String: Any])
            let failingFeeds = try #require(failingObject["feeds"] as? [[String: Any]])
            #expect(failingFeeds.compactMap { $0["state"] as? String } == ["failing", "gone"])
        }
    }
}

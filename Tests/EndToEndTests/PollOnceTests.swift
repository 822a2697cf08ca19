import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// `feedd poll-once`, the real binary against a real HTTP server on 127.0.0.1.
    @Suite struct PollOnceTests {
        @Test func conditionalGetMakesTheSecondPollA304() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let feed = FeedText.rss(title: "Daily", items: FeedText.items("daily", 0..<5))
            let server = try TestHTTPServer(routes: ["/daily.xml": { request in
                if request.header("if-none-match") == "\"v1\"" { return .status(304) }
                return .ok(feed, headers: [("ETag", "\"v1\""), ("Last-Modified", "Mon, 02 Nov 2026 10:00:00 GMT")])
            }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("daily", server.url("/daily.xml"))])

            let first = try workspace.pollOnce()
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("polled 1 feeds"))
            #expect(first.stdout.contains("5 new"))
            #expect(workspace.archive().count == 5)

            let second = try workspace.pollOnce()
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains("1 not modified"))
            #expect(workspace.archive().count == 5)
            let requests = server.requests(to: "/daily.xml")
            #expect(requests.count == 2)
            #expect(requests.last?.header("if-none-match") == "\"v1\"")
            #expect(requests.last?.header("if-modified-since") == "Mon, 02 Nov 2026 10:00:00 GMT")
            #expect(requests.first?.header("user-agent")?.hasPrefix("feedd/") == true)
            #expect(workspace.ingestLog().contains { $0.contains(" polled ") && $0.contains("status=304") && $0.contains("new=0") })
        }

        @Test func archiveRecordsCarryTheSchema() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/f.xml": { _ in .ok(FeedText.rss(title: "Schema", items: FeedText.items("s", 0..<2))) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("schema", server.url("/f.xml"))])
            #expect(try workspace.pollOnce().status == 0)
            let record = try #require(workspace.archive().first)
            for key in ["canonical_url", "url", "feed_url", "feed_title", "guid", "title", "author", "published", "updated",
                        "fetched_at", "summary", "content", "categories", "enclosures"] {
                #expect(record.keys.contains(key), "archive record lacks \(key)")
            }
            #expect(record["canonical_url"] as? String == "https://news.example/s/0")
            #expect(record["feed_url"] as? String == server.url("/f.xml"))
            #expect(record["feed_title"] as? String == "Schema")
            #expect(record["published"] as? String == "2026-11-01T10:00:00Z")
            let ingested = workspace.ingestLog().filter { $0.contains(" ingested ") }
            #expect(ingested.count == 2)
            #expect(ingested.first?.contains("url=https://news.example/s/0") == true)
        }

        @Test func redirectIsFollowedAndAPermanentOneRemembered() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let feed = FeedText.rss(title: "Moved", items: FeedText.items("moved", 0..<3))
            let compressed = try TestCompression.gzip(Array(feed.utf8))
            let server = try TestHTTPServer(routes: [
                "/old.xml": { _ in .redirect(301, to: "/new.xml") },
                "/new.xml": { request in
                    #expect(request.header("accept-encoding")?.contains("gzip") == true)
                    return TestHTTPResponse(status: 200, headers: [("Content-Type", "application/rss+xml"), ("Content-Encoding", "gzip")],
                                            body: .bytes(compressed))
                },
            ])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("moved", server.url("/old.xml"))])
            #expect(try workspace.pollOnce().status == 0)
            #expect(workspace.archive().count == 3)
            #expect(workspace.ingestLog().contains { $0.contains(" moved ") && $0.contains("to=\(server.url("/new.xml"))") })
            #expect(workspace.feedState()[server.url("/old.xml")]?["moved_to"] as? String == server.url("/new.xml"))

            #expect(try workspace.pollOnce().status == 0)
            #expect(server.requests(to: "/old.xml").count == 1, "after a 301 the new URL is polled directly")
            #expect(server.requests(to: "/new.xml").count == 2)
            #expect(workspace.archive().count == 3)
        }

        @Test func parseReadsFilesAndURLs() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let document = FeedText.rss(title: "Parsed", items: FeedText.items("p", 0..<2))
            let server = try TestHTTPServer(routes: ["/p.xml": { _ in .ok(document) }])
            defer { server.stop() }
            let file = "\(workspace.root)/p.xml"
            try document.write(toFile: file, atomically: true, encoding: .utf8)
            for source in [file, server.url("/p.xml")] {
                let result = try workspace.feedd(["parse", source])
                #expect(result.status == 0, "\(result.stderr)")
                let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                #expect(json?["title"] as? String == "Parsed")
                #expect((json?["entries"] as? [[String: Any]])?.count == 2)
            }
            let missing = try workspace.feedd(["parse", server.url("/missing.xml"), "\(workspace.root)/nope.xml"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("HTTP 404"))
            #expect(missing.stderr.contains("nope.xml"))
        }

        @Test func duplicatesInsideOneDocumentAndAcrossFeedsAreArchivedOnce() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let first = FeedText.rss(title: "One", items: [("/a?utm_source=rss", "A"), ("/b#comments", "B"), ("/a", "A again")])
            let second = FeedText.rss(title: "Two", site: "https://NEWS.example:443", items: [("/b", "B elsewhere"), ("/c?fbclid=x", "C")])
            let server = try TestHTTPServer(routes: ["/1.xml": { _ in .ok(first) }, "/2.xml": { _ in .ok(second) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("one", server.url("/1.xml")), ("two", server.url("/2.xml"))])
            #expect(try workspace.pollOnce().status == 0)
            #expect(workspace.canonicalURLs().sorted() == ["https://news.example/a", "https://news.example/b", "https://news.example/c"])
        }

        @Test func skipsRetryAfterAndGoneFeedsUnlessForced() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            // Until `recover()`, one feed says 503 Retry-After: 3600 and another 410 Gone.
            let troubled = try TroubledFeeds()
            let server = troubled.server
            defer { server.stop() }
            try workspace.writeConfig(feeds: troubled.feeds)

            let first = try workspace.pollOnce()
            #expect(first.status == 1, "busy failed: \(first.stdout)")
            #expect(first.stdout.contains("polled 3 feeds"), "\(first.stdout)")
            #expect(first.stdout.contains("1 failed, 1 gone"), "\(first.stdout)")
            let until = try #require(workspace.feedState()[server.url("/busy.xml")]?["retry_after_until"] as? Double)
            #expect(abs(until - Date().timeIntervalSince1970 - 3600) < 600)
            #expect(workspace.feedState()[server.url("/gone.xml")]?["gone"] as? Bool == true)

            // From cron a minute later: neither is asked again.
            troubled.recover()
            let second = try workspace.pollOnce()
            #expect(second.status == 0, "skipped feeds are not failures: \(second.stdout)")
            #expect(second.stdout.contains("polled 1 feeds in"), "\(second.stdout)")
            #expect(second.stdout.contains("(2 skipped)"), "\(second.stdout)")
            #expect(second.stdout.contains("skipped: 1 gone (410), 1 asked to wait (Retry-After); --force polls them"), "\(second.stdout)")
            #expect(second.stdout.contains("  gone: gone (410) \(server.url("/gone.xml"))"), "\(second.stdout)")
            #expect(second.stdout.contains("  busy: Retry-After until "), "\(second.stdout)")
            #expect(server.requests(to: "/busy.xml").count == 1)
            #expect(server.requests(to: "/gone.xml").count == 1)

            // --force asks both; they answer now, and the gone feed is an ordinary one again.
            let forced = try workspace.feedd(["poll-once", "--force", "--config", workspace.configPath])
            #expect(forced.status == 0, "\(forced.stdout)\(forced.stderr)")
            #expect(forced.stdout.contains("polled 3 feeds in"), "\(forced.stdout)")
            #expect(!forced.stdout.contains("skipped"))
            #expect(server.requests(to: "/busy.xml").count == 2)
            #expect(server.requests(to: "/gone.xml").count == 2)
            #expect(workspace.archive().count == 2 + 3 + 1)
            #expect(workspace.feedState()[server.url("/busy.xml")]?["retry_after_until"] == nil)
            let fourth = try workspace.pollOnce()
            #expect(fourth.stdout.contains("polled 3 feeds in") && !fourth.stdout.contains("skipped"), "\(fourth.stdout)")
        }

        @Test func aProgressLineOnATerminalNoneWhenPiped() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer { request in .ok(FeedText.rss(title: request.path, items: FeedText.items(String(request.path.dropFirst()), 0..<2))) }
            defer { server.stop() }
            try workspace.writeConfig(feeds: (0..<5).map { ("f\($0)", server.url("/f\($0).xml")) })

            let piped = try workspace.pollOnce()
            #expect(piped.status == 0)
            #expect(!piped.stderr.contains("polling:"), "\(piped.stderr)")

            let terminal = try PseudoTerminal()
            defer { terminal.close() }
            let run = try FeeddProcess.run(["poll-once", "--config", workspace.configPath], environment: ["TERM": "xterm"],
                                           workingDirectory: workspace.root, terminal: terminal, onTerminal: [.stderr])
            #expect(run.status == 0)
            #expect(run.stdout.contains("polled 5 feeds"), "the summary stays on stdout: \(run.stdout)")
            #expect(Wait.until(timeout: .seconds(30)) { terminal.output.contains("polling: 5/5 feeds, 0 new items, 0 failed, ") },
                    "\(terminal.output.debugDescription)")
            #expect(terminal.output.contains("\r\u{1B}[K"), "the line is redrawn in place and cleared at the end")
            #expect(terminal.output.hasSuffix("\r\u{1B}[K"), "\(terminal.output.debugDescription)")
        }
    }
}

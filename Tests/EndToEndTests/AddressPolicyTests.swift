import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// The address policy through the real binary: the operator's URLs are reached, what a feed's
    /// server points to is not unless `[http] allow_networks` says so, and a refusal is one line
    /// in the ingest log and never a saved move.
    @Suite struct AddressPolicyTests {
        static let refusal = "cause=\"address 127.0.0.2 is loopback; allow it with [http] allow_networks\""

        @Test func redirectToARefusedAddressIsOneLogLineAndNeverAMove() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let feed = FeedText.rss(title: "Elsewhere", items: FeedText.items("elsewhere", 0..<2))
            let elsewhere = try TestHTTPServer(address: "127.0.0.2", routes: ["/feed.xml": { _ in .ok(feed) }])
            defer { elsewhere.stop() }
            let target = elsewhere.url("/feed.xml")
            let server = try TestHTTPServer(routes: ["/feed.xml": { _ in .redirect(301, to: target) }])
            defer { server.stop() }
            let configured = server.url("/feed.xml")
            try workspace.writeConfig(feeds: [("hop", configured)])

            #expect(try workspace.pollOnce().status == 1)
            let failures = workspace.ingestLog().filter { $0.contains(" failed ") }
            #expect(failures.count == 1)
            #expect(failures.first?.contains("failed feed=hop url=\(configured) \(Self.refusal)") == true, "\(failures)")
            #expect(!workspace.ingestLog().contains { $0.contains(" moved ") })
            #expect(workspace.feedState()[configured]?["moved_to"] == nil)

            // The next run (a restart) polls the configured URL again; the target never saw a connection.
            #expect(try workspace.pollOnce().status == 1)
            #expect(server.requests(to: "/feed.xml").count == 2)
            #expect(elsewhere.statistics.acceptedConnections == 0)

            // Allowed, the same redirect is followed and remembered as a move.
            try workspace.writeConfig(feeds: [("hop", configured)], http: "allow_networks = [\"127.0.0.2/32\"]")
            #expect(try workspace.pollOnce().status == 0)
            #expect(workspace.archive().count == 2)
            #expect(workspace.feedState()[configured]?["moved_to"] as? String == target)
            #expect(elsewhere.requests.count == 1)

            // Allowed no longer, the saved move is refused before any connection and forgotten:
            // the run after polls the configured URL.
            try workspace.writeConfig(feeds: [("hop", configured)])
            #expect(try workspace.pollOnce().status == 1)
            #expect(workspace.ingestLog().last { $0.contains(" failed ") }?.contains("url=\(target) \(Self.refusal)") == true)
            #expect(elsewhere.statistics.acceptedConnections == 1)
            #expect(workspace.feedState()[configured]?["moved_to"] == nil)
            let before = server.requests(to: "/feed.xml").count
            #expect(try workspace.pollOnce().status == 1)
            #expect(server.requests(to: "/feed.xml").count == before + 1)
        }

        /// A state file cannot make feedd read local files: a saved move to file: is refused and forgotten.
        @Test func savedMoveToAFileIsRefused() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let secret = "\(workspace.root)/secret.xml"
            try FeedText.rss(title: "Secret", items: FeedText.items("secret", 0..<1)).write(toFile: secret, atomically: true, encoding: .utf8)
            let server = try TestHTTPServer(routes: ["/feed.xml": { _ in .ok(FeedText.rss(title: "Real", items: FeedText.items("real", 0..<1))) }])
            defer { server.stop() }
            let configured = server.url("/feed.xml")
            try workspace.writeConfig(feeds: [("real", configured)])
            try FileManager.default.createDirectory(atPath: workspace.stateDirectory, withIntermediateDirectories: true)
            let state = #"{"url":"\#(configured)","state":{"moved_to":"file://\#(secret)","gone":false,"consecutive_failures":0,"items_archived":0}}"#
            try workspace.write(state + "\n", to: "\(workspace.stateDirectory)/feeds.jsonl")

            #expect(try workspace.pollOnce().status == 1)
            #expect(workspace.ingestLog().contains {
                $0.contains(" failed feed=real url=file://\(secret) cause=\"refused scheme file: (only for a configured feed URL)\"")
            })
            #expect(workspace.archive().isEmpty)
            #expect(server.requests.isEmpty)
            #expect(workspace.feedState()[configured]?["moved_to"] == nil)

            #expect(try workspace.pollOnce().status == 0)
            #expect(workspace.canonicalURLs() == ["https://news.example/real/0"])
        }

        /// A host name that resolves to loopback earns nothing when a redirect leads to it; written
        /// by the operator, `localhost` reaches loopback.
        @Test func redirectToLocalhostIsRefusedAndAConfiguredLocalhostIsNot() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/feed.xml": { _ in .ok(FeedText.rss(title: "Local", items: FeedText.items("local", 0..<1))) }])
            defer { server.stop() }
            let local = "http://localhost:\(server.port)/feed.xml"
            server.route("/jump.xml") { _ in .redirect(302, to: local) }
            try workspace.writeConfig(feeds: [("jump", server.url("/jump.xml")), ("local", local)])

            #expect(try workspace.pollOnce().status == 1)
            let failed = workspace.ingestLog().filter { $0.contains(" failed ") }
            #expect(failed.count == 1)
            #expect(failed.first?.contains("failed feed=jump") == true)
            #expect(failed.first?.contains("is loopback; allow it with [http] allow_networks\"") == true, "\(failed)")
            #expect(server.requests(to: "/feed.xml").count == 1, "only the configured localhost feed")
            #expect(workspace.canonicalURLs() == ["https://news.example/local/0"])
        }

        /// Item links are URLs strangers chose: a page on the feed's own loopback server is not
        /// fetched unless allowed; the item is archived from the feed with the refusal as its cause.
        @Test func itemLinksGetNoShareOfTheFeedsExemption() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer()
            defer { server.stop() }
            let site = "http://127.0.0.1:\(server.port)"
            server.route("/feed.xml") { _ in .ok(FeedText.rss(title: "Local", site: site, items: [("/story", "Story")])) }
            server.route("/story") { _ in .ok("<html><body><article><h1>Story</h1><p>Text.</p></article></body></html>", contentType: "text/html") }
            try workspace.writeConfig(feeds: [("local", server.url("/feed.xml"))], extra: "[article]\nfetch = \"always\"\n")

            #expect(try workspace.pollOnce().status == 0)
            let record = try #require(workspace.archive().first)
            #expect(record["canonical_url"] as? String == "\(site)/story")
            #expect(record["article_status"] as? String == "address 127.0.0.1 is loopback; allow it with [http] allow_networks")
            #expect(server.requests(to: "/story").isEmpty)
        }

        /// A proxy would be the only address feedd ever connects to, hiding the one the policy must
        /// judge: proxies from the environment are ignored.
        @Test func proxiesFromTheEnvironmentAreIgnored() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let proxy = try TestHTTPServer { _ in .ok(FeedText.rss(title: "Proxy", items: FeedText.items("proxy", 0..<1))) }
            defer { proxy.stop() }
            let server = try TestHTTPServer(routes: ["/feed.xml": { _ in .ok(FeedText.rss(title: "Direct", items: FeedText.items("direct", 0..<1))) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("direct", server.url("/feed.xml"))])
            let proxyURL = proxy.url("")
            let environment = ["http_proxy": proxyURL, "HTTP_PROXY": proxyURL, "https_proxy": proxyURL, "all_proxy": proxyURL, "ALL_PROXY": proxyURL]
            let run = try workspace.feedd(["poll-once", "--config", workspace.configPath], environment: environment)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(proxy.requests.isEmpty)
            #expect(workspace.canonicalURLs() == ["https://news.example/direct/0"])
        }
    }
}

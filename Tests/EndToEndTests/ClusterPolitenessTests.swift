import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// `per_host` held by the cluster as a whole, not by each node: three nodes whose feeds sit on
    /// different hosts all link to article pages on one host, and that host never sees more
    /// transfers at once than `per_host`.
    @Suite(.enabled(if: TestPostgres.isAvailable, "\(TestPostgres.unavailableReason)"))
    struct ClusterPolitenessTests {
        static let feedHosts = 6
        static let itemsPerFeed = 6

        @Test func threeNodesKeepPerHostAtAPageHostTheyAllFetchFrom() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let database = try TestPostgres()
            defer { database.stop() }
            let uri = try database.createDatabase("feedd")
            // Slow pages, so that the nodes' page fetches overlap in time unless something stops them.
            let pages = try TestHTTPServer { request in
                var page = TestHTTPResponse.ok(ArticleCaptureTests.page("Story \(request.path)"), contentType: "text/html; charset=utf-8")
                page.delay = .milliseconds(150)
                return page
            }
            defer { pages.stop() }
            let pageSite = "http://127.0.0.1:\(pages.port)"
            let feeds = try (0..<Self.feedHosts).map { index in
                let server = try TestHTTPServer(address: "127.0.0.\(index + 2)")
                let items = (0..<Self.itemsPerFeed).map { (path: "/a/\(index)-\($0)", title: "Story \(index)-\($0)") }
                server.route("/feed.xml") { _ in .ok(FeedText.rss(title: "Feed \(index)", site: pageSite, items: items)) }
                return server
            }
            defer { for feed in feeds { feed.stop() } }
            // Two polls at once and one transfer per host: each node claims two feed hosts.
            var config = """
                [archive]
                store = "\(uri)"

                [poll]
                \(Workspace.fastPolling)
                concurrency = 2

                [http]
                per_host = 1
                \(ArticleCaptureTests.loopbackPages)

                \(ArticleCaptureTests.capture)
                """
            for (index, feed) in feeds.enumerated() { config += "\n[[feed]]\nname = \"f\(index)\"\nurl = \"\(feed.url("/feed.xml"))\"\n" }
            try workspace.write(config, to: workspace.configPath)

            let nodes = try (1...3).map { number in
                try FeeddProcess(["poll-once", "--config", workspace.configPath, "--state-dir", "\(workspace.root)/n\(number)",
                                  "--node", "n\(number)"], workingDirectory: workspace.root)
            }
            for node in nodes { #expect(node.waitForExit(timeout: .seconds(600))) }
            for node in nodes { #expect(node.exitStatus == 0, "\(node.stdout)\n\(node.stderr)") }

            // The nodes worked side by side: more than one of them polled feeds.
            let polledHere = nodes.map { Cluster.polledCount($0.stdout) }
            #expect(polledHere.reduce(0, +) == Self.feedHosts && polledHere.filter { $0 > 0 }.count >= 2, "per node: \(polledHere)")
            let statistics = pages.statistics
            let pageCount = Self.feedHosts * Self.itemsPerFeed
            #expect(statistics.requests.count == pageCount, "page requests: \(statistics.requests.count)")
            #expect(statistics.peakRequestsInFlight == 1, "at most per_host = 1 page transfer at once, saw \(statistics.peakRequestsInFlight)")
            print("three nodes, \(pageCount) pages on one host, per_host = 1: at most \(statistics.peakRequestsInFlight) "
                  + "page transfer(s) at once; feeds polled per node \(polledHere)")

            let export = try workspace.feedd(["export", "--config", workspace.configPath])
            let records = export.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
            #expect(records.count == pageCount)
            #expect(records.allSatisfy { $0["article_status"] as? String == "ok" })
            // Every slot went back when the nodes left.
            #expect(try database.sql("SELECT count(*) FROM host_slots", database: "feedd").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        }
    }
}

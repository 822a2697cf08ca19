import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// `feeds_file`: a plain feed list, read by the real binary and reloaded like a drop-in.
    @Suite struct FeedListTests {
        @Test func aRunningDaemonFollowsEditsOfTheList() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: [
                "/a.xml": { _ in .ok(FeedText.rss(title: "A", items: FeedText.items("a", 0..<2))) },
                "/b.xml": { _ in .ok(FeedText.rss(title: "B", items: FeedText.items("b", 0..<3))) },
            ])
            defer { server.stop() }
            let list = "\(workspace.root)/feeds.txt"
            try workspace.write("# the list\n\(server.url("/a.xml")) Feed A\n", to: list)
            try workspace.writeConfig(feeds: [], extra: "feeds_file = \"feeds.txt\"")
            let daemon = try workspace.startDaemon()
            defer { daemon.stop() }
            #expect(Wait.until(timeout: .seconds(60)) { workspace.archive().count == 2 }, "\(daemon.stderr)")
            #expect(workspace.ingestLog().contains { $0.contains(" polled feed=\"Feed A\" ") }, "the name after the URL names the feed")

            // A line appended to the list: no signal, the daemon notices within seconds.
            try workspace.write("# the list\n\(server.url("/a.xml")) Feed A\n\(server.url("/b.xml"))\n", to: list)
            #expect(Wait.until(timeout: .seconds(60)) { workspace.archive().count == 5 }, "\(daemon.stderr)")
            #expect(workspace.ingestLog().contains { $0.contains(" config reloaded (config file changed)") && $0.contains("1 added") })

            // A bad line is reported with file and line, and the running list stays.
            try workspace.write("# the list\n\(server.url("/a.xml")) Feed A\n\(server.url("/b.xml"))\ngopher://old.example/\n", to: list)
            #expect(Wait.until(timeout: .seconds(60)) {
                workspace.ingestLog().contains { $0.contains(" config reload failed") && $0.contains("feeds.txt:4: \"gopher://old.example/\" is not a usable feed URL") }
            }, "\(workspace.ingestLog().suffix(3))")
            let bPolls = server.requests(to: "/b.xml").count
            #expect(Wait.until(timeout: .seconds(60)) { server.requests(to: "/b.xml").count >= bPolls + 2 }, "b is still polled")

            // A line removed: that feed is no longer polled.
            try workspace.write("\(server.url("/b.xml"))\n", to: list)
            #expect(Wait.until(timeout: .seconds(60)) { workspace.ingestLog().contains { $0.contains(" config reloaded") && $0.contains("1 removed") } })
            let aPolls = server.requests(to: "/a.xml").count
            let bNow = server.requests(to: "/b.xml").count
            #expect(Wait.until(timeout: .seconds(60)) { server.requests(to: "/b.xml").count >= bNow + 3 })
            #expect(server.requests(to: "/a.xml").count <= aPolls + 1, "a removed feed is no longer polled (one poll may have been in flight)")
            #expect(daemon.stop() == 0)
        }

        @Test func checkConfigNamesTheListsBadLines() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            try workspace.write("https://a.example/feed\ngopher://a.example/ Old\nhttps://a.example/feed\n", to: "\(workspace.root)/feeds.txt")
            try workspace.write("feeds_file = \"feeds.txt\"\n", to: workspace.configPath)
            let result = try workspace.feedd(["check-config", workspace.configPath])
            #expect(result.status == 78, "a configuration error, like any other (EX_CONFIG)")
            #expect(result.stdout.contains("\(workspace.root)/feeds.txt:2: \"gopher://a.example/\" is not a usable feed URL"), "\(result.stdout)")
            #expect(result.stdout.contains("\(workspace.root)/feeds.txt:3: feed https://a.example/feed is already listed at \(workspace.root)/feeds.txt:1"))
            #expect(result.stdout.contains("2 problems found"))
        }
    }
}

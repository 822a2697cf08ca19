import Foundation
import Synchronization
import Testing
import TestSupport

extension EndToEnd {
    /// `feedd run`: the real daemon, started, signalled and stopped.
    @Suite struct DaemonTests {
        /// A feed whose items the test can change while the daemon runs.
        final class LiveFeed: Sendable {
            let items = Mutex<[(path: String, title: String)]>([])
            let title: String
            init(_ title: String, _ items: [(path: String, title: String)]) {
                self.title = title
                self.items.withLock { $0 = items }
            }
            var document: String { FeedText.rss(title: title, items: items.withLock { $0 }) }
            func append(_ more: [(path: String, title: String)]) { items.withLock { $0 += more } }
        }

        @Test func sigtermExitsZeroAndARestartArchivesNothingTwice() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let feed = LiveFeed("Live", FeedText.items("live", 0..<6))
            let server = try TestHTTPServer(routes: ["/live.xml": { _ in .ok(feed.document) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("live", server.url("/live.xml"))])

            let daemon = try workspace.startDaemon()
            #expect(Wait.until(timeout: .seconds(60)) { workspace.archive().count == 6 }, "\(daemon.stderr)")
            // Several more polls of the unchanged feed archive nothing.
            let polled = server.requests(to: "/live.xml").count
            #expect(Wait.until(timeout: .seconds(60)) { server.requests(to: "/live.xml").count >= polled + 3 })
            #expect(daemon.stop() == 0, "SIGTERM exits 0: \(daemon.stderr)")
            #expect(workspace.archive().count == 6)

            feed.append(FeedText.items("live", 6..<8))
            let restarted = try workspace.startDaemon()
            #expect(Wait.until(timeout: .seconds(60)) { workspace.archive().count == 8 }, "\(restarted.stderr)")
            let again = server.requests(to: "/live.xml").count
            #expect(Wait.until(timeout: .seconds(60)) { server.requests(to: "/live.xml").count >= again + 3 })
            #expect(restarted.stop() == 0)
            let urls = workspace.canonicalURLs()
            #expect(urls.count == 8)
            #expect(Set(urls).count == 8)
            #expect(workspace.archiveLines().allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        }

        @Test func configChangesAddAndRemoveFeedsWhileRunning() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: [
                "/a.xml": { _ in .ok(FeedText.rss(title: "A", items: FeedText.items("a", 0..<2))) },
                "/b.xml": { _ in .ok(FeedText.rss(title: "B", items: FeedText.items("b", 0..<3))) },
            ])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("a", server.url("/a.xml"))])
            let daemon = try workspace.startDaemon()
            defer { daemon.stop() }
            #expect(Wait.until(timeout: .seconds(60)) { workspace.archive().count == 2 })

            // A drop-in file appears: no signal, the daemon notices within seconds.
            try FileManager.default.createDirectory(atPath: "\(workspace.root)/feeds.d", withIntermediateDirectories: true)
            try workspace.write("[[feed]]\nname = \"b\"\nurl = \"\(server.url("/b.xml"))\"\n", to: "\(workspace.root)/feeds.d/b.toml")
            #expect(Wait.until(timeout: .seconds(60)) { workspace.archive().count == 5 }, "\(daemon.stderr)")
            #expect(workspace.ingestLog().contains { $0.contains(" config reloaded (config file changed)") && $0.contains("1 added") })

            // A broken edit is reported and the running configuration stays.
            try workspace.write("[[feed]\nurl = ", to: "\(workspace.root)/feeds.d/b.toml")
            #expect(Wait.until(timeout: .seconds(60)) { workspace.ingestLog().contains { $0.contains(" config reload failed") && $0.contains("b.toml:1") } })
            let bPolls = server.requests(to: "/b.xml").count
            #expect(Wait.until(timeout: .seconds(60)) { server.requests(to: "/b.xml").count >= bPolls + 2 }, "b is still polled")

            // Feed a is removed from the main file; SIGHUP applies it at once.
            try workspace.write("[[feed]]\nname = \"b\"\nurl = \"\(server.url("/b.xml"))\"\n", to: "\(workspace.root)/feeds.d/b.toml")
            try workspace.writeConfig(feeds: [])
            daemon.signal(SIGHUP)
            #expect(Wait.until(timeout: .seconds(60)) { workspace.ingestLog().contains { $0.contains(" config reloaded") && $0.contains("1 removed") } })
            let aPolls = server.requests(to: "/a.xml").count
            let bNow = server.requests(to: "/b.xml").count
            #expect(Wait.until(timeout: .seconds(60)) { server.requests(to: "/b.xml").count >= bNow + 3 })
            #expect(server.requests(to: "/a.xml").count == aPolls, "a removed feed is no longer polled")
            #expect(daemon.stop() == 0)
        }

        @Test func speaksSystemdNotifyProtocol() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/n.xml": { _ in .ok(FeedText.rss(title: "N", items: FeedText.items("n", 0..<1))) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("n", server.url("/n.xml"))])
            let socket = try NotifySocket(directory: workspace.root)
            let daemon = try workspace.startDaemon(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"])
            #expect(socket.waitFor("READY=1"), "\(daemon.stderr)")
            #expect(socket.waitFor("WATCHDOG=1"))
            #expect(socket.waitFor("STATUS="))
            daemon.signal(SIGHUP)
            #expect(socket.waitFor("RELOADING=1"))
            #expect(Wait.until(timeout: .seconds(60)) { socket.messages.filter { $0.contains("READY=1") }.count >= 2 }, "READY=1 again after the reload")
            daemon.signal(SIGTERM)
            #expect(socket.waitFor("STOPPING=1"))
            #expect(daemon.waitForExit(timeout: .seconds(60)))
            #expect(daemon.exitStatus == 0)
        }

        /// systemd may stop a service the moment it says READY=1: that stop must be the graceful
        /// one (exit 0, "stopped" logged), never the signal's default action.
        @Test func aStopRightAfterReadyIsGraceful() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/r.xml": { _ in .ok(FeedText.rss(title: "R", items: FeedText.items("r", 0..<1))) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("r", server.url("/r.xml"))])
            for round in 1 ... 5 {
                let socket = try NotifySocket(directory: workspace.root)
                let daemon = try workspace.startDaemon(environment: ["NOTIFY_SOCKET": socket.path])
                #expect(socket.waitFor("READY=1"), "\(daemon.stderr)")
                daemon.signal(SIGTERM)
                #expect(daemon.waitForExit(timeout: .seconds(60)))
                #expect(daemon.exitStatus == 0, "round \(round): \(daemon.stderr)")
            }
            #expect(workspace.ingestLog().filter { $0.hasSuffix(" daemon stopped") }.count == 5)
        }

        @Test func secondDaemonOnTheSameStateRefuses() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/x.xml": { _ in .ok(FeedText.rss(title: "X", items: [])) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("x", server.url("/x.xml"))])
            let first = try workspace.startDaemon()
            defer { first.stop() }
            #expect(Wait.until(timeout: .seconds(60)) { !server.requests(to: "/x.xml").isEmpty })
            let second = try workspace.pollOnce()
            #expect(second.status != 0)
            #expect(second.stderr.contains("pid \(first.pid)"), "\(second.stderr)")
            #expect(first.isRunning)
        }
    }
}

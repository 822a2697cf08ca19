import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// `feedd add` (with discovery) and `feedd remove`, the real binary against a real site on
    /// nginx, with a running `feedd run` picking up what they write.
    @Suite struct SubscriptionTests {
        /// A workspace with a site on nginx; nil (and the reason recorded) without nginx.
        private static func withSite(_ body: (Workspace, TestNginx) throws -> Void) throws {
            guard TestNginx.isInstalled else {
                Issue.record("nginx is not installed: run scripts/install-deps.sh --test")
                return
            }
            let workspace = try Workspace()
            defer { workspace.remove() }
            let site = try Site(in: workspace.root)
            let nginx = try TestNginx(root: site.root, runDirectory: "\(workspace.root)/nginx")
            defer { nginx.stop() }
            try body(workspace, nginx)
        }

        private static func addedFile(_ workspace: Workspace) -> String {
            (try? String(contentsOfFile: "\(workspace.root)/feeds.d/added.toml", encoding: .utf8)) ?? ""
        }

        @Test func discoveryAddsALinkedFeedThatTheRunningDaemonThenPolls() throws {
            try Self.withSite { workspace, nginx in
                let news = nginx.url("/feeds/news.xml")
                let notes = nginx.url("/feeds/notes.atom")
                try workspace.writeConfig(feeds: [("news", news)])
                let daemon = try workspace.startDaemon()
                defer { daemon.stop() }
                #expect(Wait.until(timeout: .seconds(60)) { workspace.archive().count == Site.newsItems.count }, "\(daemon.stderr)")

                let add = try workspace.feedd(["add", nginx.url("/"), "--config", workspace.configPath])
                #expect(add.status == 0, "\(add.stdout)\(add.stderr)")
                #expect(add.stdout.contains("\(nginx.url("/")) is a page linking to 2 feeds:"), "\(add.stdout)")
                #expect(add.stdout.contains("-  \(news)  (configured already at \(workspace.configPath):"), "\(add.stdout)")
                #expect(add.stdout.contains("1) \(notes)  \"Notes & Sketches\", Atom, 4 entries"), "\(add.stdout)")
                #expect(add.stdout.contains("x  \(nginx.url("/feeds/missing.xml")): HTTP 404"), "\(add.stdout)")
                #expect(add.stdout.contains("added \(notes) as \"Notes & Sketches\" at \(workspace.root)/feeds.d/added.toml:"), "\(add.stdout)")
                let written = Self.addedFile(workspace)
                let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
                #expect(written.contains("# added \(today) by `feedd add` from \(nginx.url("/")) (linked from the page)\n[[feed]]\nurl = \"\(notes)\"\nname = \"Notes & Sketches\"\n"),
                        "\(written)")
                let check = try workspace.feedd(["check-config", workspace.configPath])
                #expect(check.status == 0 && check.stdout.contains("OK, 2 feeds"), "\(check.stdout)")

                // The running daemon picks up the drop-in and archives the new feed.
                #expect(Wait.until(timeout: .seconds(60)) { Set(workspace.canonicalURLs()).isSuperset(of: Site.notesURLs) },
                        "\(workspace.ingestLog().suffix(5))")
                #expect(workspace.ingestLog().contains { $0.contains(" config reloaded") && $0.contains("1 added") })

                // Again: everything the page links to is configured now; nothing is written.
                let again = try workspace.feedd(["add", nginx.url("/"), "--config", workspace.configPath])
                #expect(again.status == 1)
                #expect(again.stderr.contains("every feed found is configured already"), "\(again.stderr)")
                #expect(Self.addedFile(workspace) == written)
                // The same feed written differently (scheme case, default port) is the same feed.
                let direct = try workspace.feedd(["add", notes.replacingOccurrences(of: "http://127.0.0.1", with: "HTTP://127.0.0.1"),
                                                  "--config", workspace.configPath])
                #expect(direct.status == 1)
                #expect(direct.stderr.contains("is already configured at \(workspace.root)/feeds.d/added.toml:"), "\(direct.stderr)")

                // remove: the table and its comment go, the file's header stays; the daemon drops the feed.
                let remove = try workspace.feedd(["remove", notes, "--config", workspace.configPath])
                #expect(remove.status == 0, "\(remove.stderr)")
                let header = written.components(separatedBy: "\n# added ").first ?? "<no header>"
                #expect(header.hasPrefix("# Feeds added by `feedd add`."))
                #expect(Self.addedFile(workspace) == header, "\(Self.addedFile(workspace))")
                #expect(Wait.until(timeout: .seconds(60)) { workspace.ingestLog().contains { $0.contains(" config reloaded") && $0.contains("1 removed") } })
                let main = try workspace.feedd(["remove", news, "--config", workspace.configPath])
                #expect(main.status == 1)
                #expect(main.stderr.contains("\(workspace.configPath):"), "\(main.stderr)")
                #expect(main.stderr.contains("is in the main configuration file"), "\(main.stderr)")
                #expect(daemon.stop() == 0)
            }
        }

        @Test func commonPathsAllFeedsAndAFeedURLWithItsOwnName() throws {
            try Self.withSite { workspace, nginx in
                try workspace.writeConfig(feeds: [])
                // The blog page links to nothing: the site's /feed is found at a common path.
                let blog = try workspace.feedd(["add", nginx.url("/blog/"), "--config", workspace.configPath])
                #expect(blog.status == 0, "\(blog.stdout)\(blog.stderr)")
                #expect(blog.stdout.contains("linking to no feed that works; found at common paths:"), "\(blog.stdout)")
                #expect(blog.stdout.contains("1) \(nginx.url("/feed"))  \"Root Feed\", RSS 2.0, 2 entries"), "\(blog.stdout)")
                #expect(blog.stdout.contains("x  \(nginx.url("/rss.xml")): HTTP 404"), "\(blog.stdout)")
                #expect(Self.addedFile(workspace).contains("(found at a common feed path)"))

                // --all: every linked feed that works.
                let all = try workspace.feedd(["add", "--all", nginx.url("/"), "--config", workspace.configPath])
                #expect(all.status == 0, "\(all.stdout)\(all.stderr)")
                #expect(all.stdout.contains("added \(nginx.url("/feeds/news.xml")) as \"Example News\""), "\(all.stdout)")
                #expect(all.stdout.contains("added \(nginx.url("/feeds/notes.atom"))"), "\(all.stdout)")

                // A name with quotes, a backslash and a tab; an interval. check-config reads them
                // back, and the ingest log names the feed by that name.
                try workspace.writeConfig(feeds: [])
                try FileManager.default.removeItem(atPath: "\(workspace.root)/feeds.d")
                let awkward = "He said \"hi\" \\ then\tleft"
                let named = try workspace.feedd(["add", nginx.url("/feeds/news.xml"), "--name", awkward, "--interval", "15m",
                                                 "--config", workspace.configPath])
                #expect(named.status == 0, "\(named.stdout)\(named.stderr)")
                #expect(named.stdout.contains("is a feed: \"Example News\", RSS 2.0, 3 entries"), "\(named.stdout)")
                #expect(Self.addedFile(workspace).contains("name = \"He said \\\"hi\\\" \\\\ then\\tleft\"\ninterval = \"15m\"\n"),
                        "\(Self.addedFile(workspace))")
                #expect(try workspace.feedd(["check-config", workspace.configPath]).status == 0)
                #expect(try workspace.pollOnce().status == 0)
                #expect(workspace.ingestLog().contains { $0.contains(" polled feed=\"He said \\\"hi\\\" \\\\ then\\tleft\" ") },
                        "\(workspace.ingestLog())")

                let badInterval = try workspace.feedd(["add", nginx.url("/feed"), "--interval", "soon", "--config", workspace.configPath])
                #expect(badInterval.status != 0)
                #expect(badInterval.stderr.contains("--interval soon"), "\(badInterval.stderr)")
            }
        }

        @Test func aPageWithNoFeedAddsNothing() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: [
                "/": { _ in .ok("<html><head><title>Nothing</title></head><body>plain</body></html>", contentType: "text/html") },
                "/broken.xml": { _ in .ok("\u{0}\u{1}\u{2} binary", contentType: "application/rss+xml") },
            ])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [])
            for url in [server.url("/"), server.url("/broken.xml"), server.url("/missing")] {
                let add = try workspace.feedd(["add", url, "--config", workspace.configPath])
                #expect(add.status == 1, "\(url): \(add.stdout)")
                #expect(!add.stderr.isEmpty)
            }
            #expect(try workspace.feedd(["add", server.url("/"), "--config", workspace.configPath]).stderr.contains("no feed found at \(server.url("/"))"))
            #expect(try workspace.feedd(["add", server.url("/missing"), "--config", workspace.configPath]).stderr.contains("HTTP 404"))
            #expect(!FileManager.default.fileExists(atPath: "\(workspace.root)/feeds.d/added.toml"))
            // The common paths were tried on the page's site.
            #expect(server.requests(to: "/index.xml").count >= 1)
        }

        @Test func onATerminalTheOperatorChooses() throws {
            try Self.withSite { workspace, nginx in
                try workspace.writeConfig(feeds: [])
                let terminal = try PseudoTerminal()
                defer { terminal.close() }
                let add = try FeeddProcess(["add", nginx.url("/"), "--config", workspace.configPath], workingDirectory: workspace.root,
                                           terminal: terminal, onTerminal: [.stdin, .stderr])
                #expect(Wait.until(timeout: .seconds(60)) { terminal.output.contains("Add which? [1-2") }, "\(terminal.output)\(add.stdout)")
                terminal.send("2\n")
                #expect(add.child.wait(timeout: .seconds(60)) == 0, "\(terminal.output)\(add.stdout)")
                let written = Self.addedFile(workspace)
                #expect(written.contains("url = \"\(nginx.url("/feeds/notes.atom"))\""), "\(written)")
                #expect(!written.contains("news.xml"), "\(written)")
            }
        }
    }
}

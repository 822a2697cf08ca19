import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// Full-text capture through the real binary: pages fetched once, duplicates found by the
    /// page's canonical URL, failures archived from the feed alone, hostile pages one line each.
    @Suite struct ArticleCaptureTests {
        static let capture = "[article]\nfetch = \"always\"\n"
        /// Item links are URLs strangers chose: pages on loopback servers need allowing.
        static let loopbackPages = "allow_networks = [\"127.0.0.0/8\"]"

        /// An article page with `headline`, a canonical link and four paragraphs.
        static func page(_ headline: String, canonical: String? = nil) -> String {
            let link = canonical.map { "<link rel=\"canonical\" href=\"\($0)\">" } ?? ""
            let paragraphs = (1 ... 4).map { number in
                "<p>Paragraph \(number) of \(headline): the council met on Tuesday evening and, after a long debate "
                    + "about the budget for the bridge, agreed to ask the engineers for a second opinion.</p>"
            }.joined()
            return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(headline)</title>\(link)</head>"
                + "<body><article><h1>\(headline)</h1><p class=\"byline\">By Ana Lima</p>\(paragraphs)</article></body></html>"
        }

        static func html(_ text: String) -> TestHTTPResponse { .ok(text, contentType: "text/html; charset=utf-8") }

        /// A redirector link, an AMP copy and a plain link: three items, two articles. Each page is
        /// fetched once; later polls (the feed answers 200 every time) fetch none, also after a
        /// reindex, which rebuilds the aliases from the archive.
        @Test func pagesAreFetchedOnceAndCopiesFoundByTheirPage() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer()
            defer { server.stop() }
            let site = "http://127.0.0.1:\(server.port)"
            server.route("/feed.xml") { _ in
                .ok(FeedText.rss(title: "Local", site: site, items: [("/r/1", "Bridge"), ("/amp/bridge", "Bridge (AMP)"),
                                                                       ("/school", "School")]))
            }
            server.route("/r/1") { _ in .redirect(301, to: "/bridge?utm_source=feed") }
            server.route("/bridge") { _ in Self.html(Self.page("Bridge", canonical: "/bridge")) }
            server.route("/amp/bridge") { _ in Self.html(Self.page("Bridge", canonical: "\(site)/bridge")) }
            server.route("/school") { _ in Self.html(Self.page("School")) }
            try workspace.writeConfig(feeds: [("local", server.url("/feed.xml"))], http: Self.loopbackPages, extra: Self.capture)

            let first = try workspace.pollOnce()
            #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
            let records = workspace.archive()
            #expect(records.compactMap { $0["canonical_url"] as? String }.sorted() == ["\(site)/bridge", "\(site)/school"])
            let bridge = try #require(records.first { ($0["canonical_url"] as? String) == "\(site)/bridge" })
            #expect(bridge["article_status"] as? String == "ok")
            #expect(bridge["article_title"] as? String == "Bridge")
            #expect((bridge["article_text"] as? String)?.hasPrefix("Paragraph 1 of Bridge") == true)
            #expect((bridge["article_text"] as? String)?.components(separatedBy: "\n\n").count == 4)
            let pages = ["/r/1", "/bridge", "/amp/bridge", "/school"]
            #expect(pages.map { server.requests(to: $0).count } == [1, 1, 1, 1])
            #expect(workspace.ingestLog().filter { $0.contains(" ingested ") && $0.contains("article=ok") }.count == 2)

            #expect(try workspace.pollOnce().status == 0)
            #expect(try workspace.feedd(["reindex", "--config", workspace.configPath]).status == 0)
            #expect(try workspace.pollOnce().status == 0)
            #expect(server.requests(to: "/feed.xml").count == 3)
            #expect(pages.map { server.requests(to: $0).count } == [1, 1, 1, 1], "pages fetched again")
            #expect(workspace.archive().count == 2)
        }

        /// A page that answers 404, a PDF, a body past max_page: the item is archived from its
        /// feed with the cause, and its page is not asked for again.
        @Test func aPageThatFailsIsArchivedFromTheFeedAlone() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer()
            defer { server.stop() }
            let site = "http://127.0.0.1:\(server.port)"
            server.route("/feed.xml") { _ in
                .ok(FeedText.rss(title: "F", site: site, items: [("/gone", "Gone"), ("/paper", "Paper"), ("/big", "Big")]))
            }
            server.route("/gone") { _ in .status(404, body: "no") }
            server.route("/paper") { _ in .ok("%PDF-1.4\n1 0 obj << >> endobj\n", contentType: "application/pdf") }
            server.route("/big") { _ in Self.html("<p>" + String(repeating: "word ", count: 60_000) + "</p>") }
            try workspace.writeConfig(feeds: [("f", server.url("/feed.xml"))], http: Self.loopbackPages,
                                      extra: Self.capture + "max_page = \"64KiB\"\n")
            #expect(try workspace.pollOnce().status == 0)
            let byURL = Dictionary(uniqueKeysWithValues: workspace.archive().map { ($0["canonical_url"] as? String ?? "", $0) })
            #expect(byURL["\(site)/gone"]?["article_status"] as? String == "HTTP 404 Not Found")
            #expect((byURL["\(site)/paper"]?["article_status"] as? String)?.contains("PDF") == true, "\(byURL)")
            #expect((byURL["\(site)/big"]?["article_status"] as? String)?.contains("larger than 64 KiB") == true, "\(byURL)")
            #expect(byURL["\(site)/gone"]?["content_text"] as? String == "About Gone")
            #expect(try workspace.pollOnce().status == 0)
            #expect(["/gone", "/paper", "/big"].map { server.requests(to: $0).count } == [1, 1, 1])
        }

        /// Hostile pages: each item costs its one `ingested` line, the daemon carries on, and the
        /// good item next to them is captured.
        @Test func hostilePagesCostOneLineEach() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer()
            defer { server.stop() }
            let site = "http://127.0.0.1:\(server.port)"
            let hostile: [(path: String, response: TestHTTPResponse)] = [
                ("/deep", Self.html(String(repeating: "<div>", count: 100_000) + "deep")),
                ("/links", Self.html("<h1>Links</h1>" + String(repeating: "<a href=\"/x\">x</a>", count: 100_000))),
                ("/attributes", Self.html("<p " + String(repeating: "a", count: 1 << 20) + "=\"1\">text</p>")),
                ("/encoding", .ok([0x3C, 0x70, 0x3E] + Array(repeating: 0xFF, count: 5000), contentType: "text/html; charset=x-unknown")),
                ("/paragraph", Self.html("<h1>One</h1><p>" + String(repeating: "long ", count: 800_000) + "</p>")),
                ("/loop", .redirect(302, to: "/loop")),
                ("/image", .ok([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 100), contentType: "image/png")),
                ("/endless", .endless()),
            ]
            for (path, response) in hostile { server.route(path) { _ in response } }
            server.route("/good") { _ in Self.html(Self.page("Good")) }
            let paths = hostile.map(\.path) + ["/good"]
            server.route("/feed.xml") { _ in .ok(FeedText.rss(title: "H", site: site, items: paths.map { ($0, "Item \($0)") })) }
            try workspace.writeConfig(feeds: [("h", server.url("/feed.xml"))], http: Self.loopbackPages, extra: Self.capture)
            let result = try workspace.pollOnce()
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            #expect(workspace.archive().count == paths.count)
            let ingested = workspace.ingestLog().filter { $0.contains(" ingested ") }
            #expect(ingested.count == paths.count)
            #expect(ingested.contains { $0.contains("/good") && $0.contains("article=ok") })
            #expect(ingested.contains { $0.contains("/loop") && $0.contains("redirects") }, "\(ingested)")
            #expect(workspace.ingestLog().filter { $0.contains(" failed ") }.isEmpty)
        }

        /// `feedd export --format text`: each item as a reader keeps it, the page's text where it
        /// was captured, the feed's where not; nothing a page says can act on the terminal.
        @Test func exportsItemsAsText() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer()
            defer { server.stop() }
            let site = "http://127.0.0.1:\(server.port)"
            server.route("/feed.xml") { _ in
                .ok(FeedText.rss(title: "T", site: site, items: [("/bridge", "Bridge"), ("/gone", "Gone \u{202E}evil")]))
            }
            server.route("/bridge") { _ in
                Self.html(Self.page("Bridge").replacingOccurrences(
                    of: "</title>", with: "</title><meta property=\"article:published_time\" content=\"2022-10-10T08:00:00Z\">"))
            }
            server.route("/gone") { _ in .status(404) }
            try workspace.writeConfig(feeds: [("t", server.url("/feed.xml"))], http: Self.loopbackPages, extra: Self.capture)
            #expect(try workspace.pollOnce().status == 0)
            let export = try workspace.feedd(["export", "--format", "text", "--config", workspace.configPath])
            #expect(export.status == 0, "\(export.stderr)")
            let paragraphs = (1 ... 4).map { number in
                "Paragraph \(number) of Bridge: the council met on Tuesday evening and, after a long debate about the budget "
                    + "for the bridge, agreed to ask the engineers for a second opinion."
            }
            let bridge = ["Bridge", "", "By Ana Lima", "October 10, 2022", ""]
                + paragraphs.flatMap { [$0, ""] } + ["Original url: \(site)/bridge"]
            let gone = ["Gone \\u{202E}evil", "", "November 2, 2026", "", "About Gone \\u{202E}evil", "",
                        "Original url: \(site)/gone"]
            #expect(export.stdout == (bridge + ["", "* * *", ""] + gone).joined(separator: "\n") + "\n", "\(export.stdout)")
        }

        /// A feed's own `fetch_article = "never"` wins over `[article] fetch = "always"`.
        @Test func aFeedMayOptOut() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer()
            defer { server.stop() }
            let site = "http://127.0.0.1:\(server.port)"
            server.route("/a.xml") { _ in .ok(FeedText.rss(title: "A", site: site, items: [("/a1", "A1")])) }
            server.route("/b.xml") { _ in .ok(FeedText.rss(title: "B", site: site, items: [("/b1", "B1")])) }
            server.route("/a1") { _ in Self.html(Self.page("A1")) }
            server.route("/b1") { _ in Self.html(Self.page("B1")) }
            try workspace.write("""
            state_dir = "\(workspace.stateDirectory)"
            \(Self.capture)
            [http]
            \(Self.loopbackPages)
            [[feed]]
            url = "\(server.url("/a.xml"))"
            [[feed]]
            url = "\(server.url("/b.xml"))"
            fetch_article = "never"
            """, to: workspace.configPath)
            #expect(try workspace.pollOnce().status == 0)
            #expect(server.requests(to: "/a1").count == 1)
            #expect(server.requests(to: "/b1").isEmpty)
            let statuses = workspace.archive().compactMap { $0["article_status"] as? String }.sorted()
            #expect(statuses == ["ok", "skipped"])
        }

        /// The shared article farm: every unique article archived once, under the canonical URL
        /// its pages agree on, with its text; then a generation later, the new ones too.
        @Test(.enabled(if: ArticleFarm.isAvailable, "needs the shared article farm (../shared/bench/gen_articles.py)"))
        func theArticleFarmIsArchivedExactly() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let farm = try ArticleFarm(directory: "\(workspace.root)/farm")
            defer { farm.stop() }
            try workspace.writeConfig(feeds: farm.feedURLs.enumerated().map { ("f\($0.offset)", $0.element) },
                                      http: Self.loopbackPages, extra: Self.capture)
            let cold = try workspace.pollOnce()
            #expect(cold.status == 0, "\(cold.stdout)\n\(cold.stderr)")
            let first = try farm.check(archiveDirectory: "\(workspace.stateDirectory)/archive")
            #expect(first.passed, "\(first.report)")
            try farm.advance(to: 1)
            #expect(try workspace.pollOnce().status == 0)
            let second = try farm.check(archiveDirectory: "\(workspace.stateDirectory)/archive")
            #expect(second.passed, "\(second.report)")
        }

        /// SIGKILL at random moments while pages are being fetched: a feed's validators are saved
        /// only once all its items are archived, so a final pass finds everything, once.
        @Test(.enabled(if: ArticleFarm.isAvailable, "needs the shared article farm (../shared/bench/gen_articles.py)"))
        func aKillLoopWithPagesLosesNothing() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let feeds = 24
            let farm = try ArticleFarm(directory: "\(workspace.root)/farm", feeds: feeds, keepAll: true)
            defer { farm.stop() }
            try workspace.writeConfig(feeds: farm.feedURLs.enumerated().map { ("f\($0.offset)", $0.element) },
                                      http: Self.loopbackPages, extra: Self.capture)
            var random = SystemRandomNumberGenerator()
            var generation = 0
            var grewBeforeAKill = 0
            for round in 0 ..< 16 {
                if round % 4 == 3 {
                    generation += 1
                    try farm.advance(to: generation, feeds: feeds, keepAll: true)
                }
                let before = workspace.archiveLines().count
                let polledBefore = workspace.ingestLog().filter { $0.contains(" polled ") }.count
                let daemon = try workspace.startDaemon()
                // Kill at a random moment once this run is under way (however slow the machine).
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline, daemon.isRunning, workspace.archiveLines().count == before,
                      workspace.ingestLog().filter({ $0.contains(" polled ") }).count == polledBefore {
                    usleep(20_000)
                }
                usleep(UInt32.random(in: 0 ... 800_000, using: &random))
                daemon.signal(SIGKILL)
                #expect(daemon.waitForExit(timeout: .seconds(30)))
                if workspace.archiveLines().count > before { grewBeforeAKill += 1 }
            }
            #expect(grewBeforeAKill > 0, "no kill ever landed after something was archived")
            let final = try workspace.pollOnce()
            #expect(final.status == 0, "\(final.stdout)\n\(final.stderr)")
            let check = try farm.check(archiveDirectory: "\(workspace.stateDirectory)/archive")
            #expect(check.passed, "\(check.report)")
        }
    }
}

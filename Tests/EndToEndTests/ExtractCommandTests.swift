import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// `feedd extract` as an operator runs it: a saved page, standard input, a PDF.
    @Suite struct ExtractCommandTests {
        static let page = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry service resumes after the storm | Island Test</title>
            <link rel="canonical" href="/news/ferry.html?utm_source=feed&amp;b=2&amp;a=1">
            <meta property="article:published_time" content="2026-05-02T09:00:00+02:00"></head>
            <body><nav><a href="/">Home</a></nav><article><h1>Ferry service resumes after the storm</h1>
            <p class="byline">By Hana Kobayashi</p>
            <p>The ferry to the island resumed service on Saturday morning, two days after the storm damaged the pier.</p>
            <figure><img src="/img/ferry.jpg"><figcaption>The first ferry leaves the harbor. Photo: Island Test</figcaption></figure>
            <p>Engineers inspected the damage overnight and said the pier was safe for passengers and light vehicles.</p>
            </article><footer>© Island Test</footer></body></html>
            """

        private func object(_ line: Substring) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }

        @Test func printsOneJSONObjectPerPage() throws {
            let directory = try TemporaryDirectory(prefix: "feedd-extract")
            defer { directory.remove() }
            let path = directory.path + "/ferry.html"
            try Self.page.write(toFile: path, atomically: true, encoding: .utf8)

            let run = try FeeddProcess.run(["extract", "--url", "https://island.test/2026/05/ferry.html", path],
                                           workingDirectory: directory.path)
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == 1)
            let article = try object(try #require(lines.first))
            #expect(article["canonical_url"] as? String == "https://island.test/news/ferry.html?a=1&b=2")
            #expect(article["title"] as? String == "Ferry service resumes after the storm")
            #expect(article["byline"] as? String == "By Hana Kobayashi")
            #expect(article["published"] as? String == "2026-05-02T07:00:00Z")
            #expect(article["text"] as? String == """
                The ferry to the island resumed service on Saturday morning, two days after the storm damaged the pier.

                Engineers inspected the damage overnight and said the pier was safe for passengers and light vehicles.
                """)
            #expect(article["captions"] as? [String] == ["The first ferry leaves the harbor. Photo: Island Test"])
            #expect(article["image"] as? String == "https://island.test/img/ferry.jpg")
            #expect(article["lang"] as? String == "en")
        }

        @Test func readsStandardInputAndReportsPagesThatAreNotHTML() throws {
            let directory = try TemporaryDirectory(prefix: "feedd-extract")
            defer { directory.remove() }
            let path = directory.path + "/ferry.html"
            try Self.page.replacingOccurrences(of: "<link rel=\"canonical\" href=\"/news/ferry.html?utm_source=feed&amp;b=2&amp;a=1\">", with: "")
                .write(toFile: path, atomically: true, encoding: .utf8)
            let pdf = directory.path + "/paper.pdf"
            try Data("%PDF-1.4\n%âãÏÓ\n".utf8).write(to: URL(fileURLWithPath: pdf))

            // No canonical link: --url is the key; without --url there is none.
            let child = try ChildProcess("/bin/sh", ["-c", "\"$0\" extract --url 'HTTP://Island.test/x.html#top' - < \"$1\"",
                                                     FeeddProcess.binaryPath, path],
                                         environment: ProcessInfo.processInfo.environment, workingDirectory: directory.path,
                                         stdoutPath: directory.path + "/out", stderrPath: directory.path + "/err")
            #expect(child.wait(timeout: .seconds(120)) == 0, "\(child.stderr)")
            let fromStdin = try object(try #require(child.stdout.split(separator: "\n").first))
            #expect(fromStdin["canonical_url"] as? String == "http://island.test/x.html")

            let mixed = try FeeddProcess.run(["extract", path, pdf], workingDirectory: directory.path)
            #expect(mixed.status == 1)
            #expect(mixed.stdout.split(separator: "\n").count == 1)
            let withoutURL = try object(try #require(mixed.stdout.split(separator: "\n").first))
            #expect(withoutURL["canonical_url"] is NSNull)
            #expect(mixed.stderr == "feedd extract: \(pdf): not an HTML page: a PDF document\n")
        }

        /// A URL is fetched as the daemon fetches a page: redirects followed, the canonical link
        /// resolved against where it landed, and a failing page reported with its cause.
        @Test func fetchesAURLAsTheDaemonWould() throws {
            let directory = try TemporaryDirectory(prefix: "feedd-extract")
            defer { directory.remove() }
            let server = try TestHTTPServer()
            defer { server.stop() }
            server.route("/r/7") { _ in .redirect(301, to: "/2026/05/ferry.html?utm_medium=rss") }
            server.route("/2026/05/ferry.html") { _ in
                .ok(Self.page.replacingOccurrences(of: "/news/ferry.html?utm_source=feed&amp;b=2&amp;a=1", with: "ferry.html"),
                    contentType: "text/html")
            }
            let run = try FeeddProcess.run(["extract", server.url("/r/7"), server.url("/missing")], workingDirectory: directory.path)
            #expect(run.status == 1)
            let article = try object(try #require(run.stdout.split(separator: "\n").first))
            #expect(article["canonical_url"] as? String == server.url("/2026/05/ferry.html"))
            #expect(article["title"] as? String == "Ferry service resumes after the storm")
            #expect(run.stderr.contains("\(server.url("/missing")): HTTP 404 Not Found"), "\(run.stderr)")
        }
    }
}

import AddressPolicy
import ArticleCapture
import FeedURL
import Foundation
import HTTPFetching
import Testing
import TestSupport

/// Page capture against real HTTP servers on loopback. Two sites: `127.0.0.1:P` and
/// `localhost:Q` (one address, two registrable domains).
struct PageCapturerTests {
    /// An article page: a headline, three paragraphs, and the claims given.
    static func page(headline: String, canonical: String? = nil, ogURL: String? = nil, body: String = "river") -> String {
        let claims = (canonical.map { "<link rel=\"canonical\" href=\"\($0)\">" } ?? "")
            + (ogURL.map { "<meta property=\"og:url\" content=\"\($0)\">" } ?? "")
        let paragraph = "The \(body) rose for the third day as engineers worked through the night to shore up the old "
            + "embankment, and residents of the lower town were told to keep their valuables upstairs."
        return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(headline) | Site</title>\(claims)</head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>\(headline)</h1><p class="byline">By Ana Lima</p>
        <p>\(paragraph)</p><p>\(paragraph) A second time.</p><p>\(paragraph) And a third.</p></article>
        <footer>© Site</footer></body></html>
        """
    }

    static func html(_ text: String) -> TestHTTPResponse { .ok(text, contentType: "text/html; charset=utf-8") }

    /// Item links are URLs strangers chose: the test sites on loopback must be allowed.
    static func loopbackOptions(totalTimeoutSeconds: Int = 60) throws -> FetchOptions {
        let loopback = try ["127.0.0.0/8", "::1"].map { try IPNetwork(parsing: $0) }
        return FetchOptions(totalTimeoutSeconds: totalTimeoutSeconds, addressPolicy: AddressPolicy(allowing: loopback))
    }

    /// Runs `body` with a capturer and two servers (sites), shut down afterwards.
    func withSites(_ body: (PageCapturer, TestHTTPServer, TestHTTPServer) async throws -> Void) async throws {
        let home = try TestHTTPServer()
        let other = try TestHTTPServer()
        let client = try HTTPClient(options: try Self.loopbackOptions(totalTimeoutSeconds: 20))
        defer {
            client.shutdown()
            home.stop()
            other.stop()
        }
        let capturer = PageCapturer(client: client, canonicalizer: URLCanonicalizer(), options: CaptureOptions())
        try await body(capturer, home, other)
    }

    func otherURL(_ server: TestHTTPServer, _ path: String) -> String { "http://localhost:\(server.port)\(path)" }

    @Test func aSameSiteCanonicalIsTakenAsItIs() async throws {
        try await withSites { capturer, home, _ in
            home.route("/story") { _ in Self.html(Self.page(headline: "Flood", canonical: "/news/flood?utm_source=x")) }
            let captured = await capturer.capture(link: home.url("/story?ref=rss"))
            #expect(captured.status == .ok)
            #expect(captured.canonicalURL == home.url("/news/flood"))
            #expect(captured.finalURL == home.url("/story?ref=rss"))
            #expect(captured.article?.firstHeading == "Flood")
            #expect(captured.article?.paragraphs.count == 3)
            #expect(captured.fetches == 1)
        }
    }

    @Test func aCrossSiteCanonicalIsTakenWhenThatPageBacksIt() async throws {
        try await withSites { capturer, home, other in
            let original = otherURL(other, "/original")
            other.route("/original") { _ in Self.html(Self.page(headline: "Flood", canonical: original)) }
            home.route("/copy") { _ in Self.html(Self.page(headline: "Flood", canonical: original)) }
            let captured = await capturer.capture(link: home.url("/copy"))
            #expect(captured.canonicalURL == original)
            #expect(captured.fetches == 2)
            #expect(other.requests(to: "/original").count == 1)
        }
    }

    /// The claimed page exists but is another article, answers 404, or does not name itself:
    /// the claim is refused and the next candidate (og:url, else the final URL) decides.
    @Test(arguments: ["other headline", "404", "names another"])
    func aCrossSiteCanonicalThatIsNotBackedIsRefused(how: String) async throws {
        try await withSites { capturer, home, other in
            let claimed = otherURL(other, "/victim")
            other.route("/victim") { _ in
                switch how {
                case "other headline": Self.html(Self.page(headline: "Something else", canonical: claimed))
                case "404": .status(404, body: "gone")
                default: Self.html(Self.page(headline: "Flood", canonical: otherURL(other, "/elsewhere")))
                }
            }
            home.route("/spam") { _ in Self.html(Self.page(headline: "Flood", canonical: claimed)) }
            home.route("/spam-og") { _ in
                Self.html(Self.page(headline: "Flood", canonical: claimed, ogURL: "/spam-og-canonical"))
            }
            #expect(await capturer.capture(link: home.url("/spam#top")).canonicalURL == home.url("/spam"), "\(how)")
            #expect(await capturer.capture(link: home.url("/spam-og")).canonicalURL == home.url("/spam-og-canonical"), "\(how)")
        }
    }

    @Test func aRedirectedLinkIsKeyedByWhereItLands() async throws {
        try await withSites { capturer, home, _ in
            home.route("/r/1") { _ in .redirect(301, to: "/page?utm_medium=feed&b=2&a=1") }
            home.route("/page") { _ in Self.html(Self.page(headline: "Flood", canonical: "page")) }
            let captured = await capturer.capture(link: home.url("/r/1"))
            // The relative canonical resolves against the final URL, not the link.
            #expect(captured.canonicalURL == home.url("/page"))
            #expect(captured.finalURL == home.url("/page?utm_medium=feed&b=2&a=1"))
        }
    }

    @Test func whatIsNotAnArticlePageFailsWithItsCause() async throws {
        try await withSites { capturer, home, _ in
            home.route("/missing") { _ in .status(404, body: "not here") }
            home.route("/paper.pdf") { _ in .ok("%PDF-1.7\n%\u{e2}\u{e3}\u{cf}\u{d3}\n1 0 obj", contentType: "application/pdf") }
            home.route("/huge") { _ in Self.html(String(repeating: "<p>word</p>", count: 500_000)) }
            let missing = await capturer.capture(link: home.url("/missing"))
            #expect(missing.status == .failed("HTTP 404 Not Found"))
            #expect(missing.canonicalURL == nil)
            guard case .failed(let pdf) = await capturer.capture(link: home.url("/paper.pdf")).status else {
                Issue.record("a PDF was taken for a page")
                return
            }
            #expect(pdf.contains("PDF"), "\(pdf)")
            let small = PageCapturer(client: try HTTPClient(options: try Self.loopbackOptions()), canonicalizer: URLCanonicalizer(),
                                     options: CaptureOptions(maxPageBytes: 1 << 20, timeoutSeconds: 10))
            guard case .failed(let huge) = await small.capture(link: home.url("/huge")).status else {
                Issue.record("a page past max_page was taken")
                return
            }
            #expect(huge.contains("larger than 1 MiB"), "\(huge)")
        }
    }

    @Test(arguments: [(ArticleFetchPolicy.always, 500, true), (.never, 0, false), (.missing, 149, true),
                      (.missing, 150, false), (.missing, 0, true)])
    func thePolicyDecidesFromTheFeedsOwnText(policy: ArticleFetchPolicy, words: Int, fetches: Bool) {
        let text = (0 ..< words).map { "word\($0)" }.joined(separator: " — ")
        #expect(policy.wantsPage(feedText: words == 0 ? nil : text) == fetches)
    }

    /// Captures go out as untrusted requests: without `allow_networks`, a page on loopback is refused unseen.
    @Test func itemLinksAreCheckedByTheAddressPolicy() async throws {
        let site = try TestHTTPServer(routes: ["/story": { _ in Self.html(Self.page(headline: "Story")) }])
        let client = try HTTPClient(options: FetchOptions())
        defer {
            client.shutdown()
            site.stop()
        }
        let capturer = PageCapturer(client: client, canonicalizer: URLCanonicalizer(), options: CaptureOptions())
        let captured = await capturer.capture(link: site.url("/story"))
        guard case .failed(let cause) = captured.status else {
            Issue.record("a loopback page was captured: \(captured.status)")
            return
        }
        #expect(cause == "address 127.0.0.1 is loopback; allow it with [http] allow_networks")
        #expect(site.requests.isEmpty)
    }
}

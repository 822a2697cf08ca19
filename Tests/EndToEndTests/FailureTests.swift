import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// Broken feeds cost one ingest-log line each; the other feeds in the same poll carry on.
    @Suite struct FailureTests {
        @Test func eachFailingFeedIsOneLineAndTheGoodOneIsArchived() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let good = FeedText.rss(title: "Good", items: FeedText.items("good", 0..<4))
            let big = Array(repeating: UInt8(ascii: "a"), count: 200_000)
            let server = try TestHTTPServer(routes: [
                "/good.xml": { _ in .ok(good) },
                "/slow.xml": { _ in TestHTTPResponse.ok(good).delayed(by: .seconds(30)) },
                "/big.xml": { _ in .ok(Array("<rss><channel><title>".utf8) + big) },
                "/missing.xml": { _ in .status(404) },
                "/busy.xml": { _ in .status(503, headers: [("Retry-After", "120")]) },
                "/html.xml": { _ in .ok("<!DOCTYPE html><html><body><p>Not a feed</p></body></html>", contentType: "text/html") },
                "/empty.xml": { _ in .ok("") },
            ])
            defer { server.stop() }
            let refused = "http://127.0.0.1:\(try FreePort.find())/feed.xml"
            let names = ["good", "slow", "big", "missing", "busy", "html", "empty"]
            try workspace.writeConfig(
                feeds: names.map { ($0, server.url("/\($0).xml")) } + [("refused", refused)],
                http: "timeout = \"3s\"\nmax_body = \"64KiB\"")
            let result = try workspace.pollOnce()
            #expect(result.status == 1, "poll-once exits non-zero when a feed failed")
            #expect(result.stdout.contains("7 failed"), "\(result.stdout)")
            #expect(workspace.archive().count == 4)

            let failures = workspace.ingestLog().filter { $0.contains(" failed ") }
            for name in names.dropFirst() + ["refused"] {
                let lines = failures.filter { $0.contains("feed=\(name) ") }
                #expect(lines.count == 1, "feed \(name): \(lines)")
            }
            func cause(_ name: String) -> String { failures.first { $0.contains("feed=\(name) ") } ?? "" }
            #expect(cause("slow").contains("timed out") || cause("slow").contains("timeout"), "\(cause("slow"))")
            #expect(cause("big").contains("larger than"), "\(cause("big"))")
            #expect(cause("missing").contains("HTTP 404"))
            #expect(cause("busy").contains("HTTP 503") && cause("busy").contains("retry_in=120s"), "\(cause("busy"))")
            #expect(cause("refused").contains("refused"), "\(cause("refused"))")
            #expect(cause("html").contains("not a usable feed"))
            #expect(cause("empty").contains("not a usable feed"))
            #expect(failures.allSatisfy { $0.contains("retry_in=") })
        }

        @Test func brokenXMLIsRecoveredAsFarAsItGoes() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let broken = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Broken &nbsp; feed</title>
            <item><title>First</title><link>https://broken.example/1</link></item>
            <item><title>Second & unescaped</title><link>https://broken.example/2</link></item>
            <item><title>Cut off
            """
            let server = try TestHTTPServer(routes: ["/broken.xml": { _ in .ok(broken) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("broken", server.url("/broken.xml"))])
            _ = try workspace.pollOnce()
            let urls = workspace.canonicalURLs()
            #expect(urls.contains("https://broken.example/1"))
            let log = workspace.ingestLog()
            #expect(log.contains { $0.contains(" recovered ") && $0.contains("feed=broken") } || log.contains { $0.contains(" failed ") && $0.contains("feed=broken") })
        }
    }
}

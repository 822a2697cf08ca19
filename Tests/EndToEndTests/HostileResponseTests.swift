import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// Every hostile or broken response in one poll: one clear line each, bounded memory and time,
    /// and the good feed beside them archived in full.
    @Suite struct HostileResponseTests {
        static let good = FeedText.rss(title: "Good", items: FeedText.items("good", 0..<10))

        static func documents(secretPath: String) throws -> [String: TestHTTPServer.Handler] {
            let laughs = (1...9).map { level in
                "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
            }.joined(separator: "\n")
            let billionLaughs = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY lol0 "lol">
            \(laughs)
            ]>
            <rss version="2.0"><channel><title>&lol9;</title>
            <item><title>laughs</title><link>https://laughs.example/1</link></item></channel></rss>
            """
            let externalEntity = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY secret SYSTEM "file://\(secretPath)">]>
            <rss version="2.0"><channel><title>XXE</title>
            <item><title>leak &secret;</title><link>https://xxe.example/1</link><description>&secret;</description></item>
            </channel></rss>
            """
            let huge = "<rss version=\"2.0\"><channel><title>Huge</title><item><title>"
                + String(repeating: "A", count: 6 << 20) + "</title><link>https://huge.example/1</link></item></channel></rss>"
            let deep = "<rss><channel>" + String(repeating: "<x>", count: 100_000) + String(repeating: "</x>", count: 100_000) + "</channel></rss>"
            var random = SystemRandomNumberGenerator()
            let binary = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) }
            // Broken variants carry items of their own, so the good feed's items are its alone.
        let variant = FeedText.rss(title: "Variant", items: FeedText.items("variant", 0..<10))
        var withNUL = Array(variant.utf8)
            withNUL.insert(contentsOf: [0, 0, 0], at: withNUL.count / 2)
            var badUTF8 = Array(variant.replacingOccurrences(of: "Variant", with: "Väriant").utf8)
            if let index = badUTF8.firstIndex(of: 0xC3) { badUTF8[index] = 0xFF }
            let (nul, invalidUTF8) = (withNUL, badUTF8)
            let truncated = String(variant.prefix(variant.count * 2 / 3))
            let bomb = try TestCompression.gzippedZeros(count: 200 << 20)

            return [
                "/good.xml": { _ in .ok(good) },
                "/billion-laughs.xml": { _ in .ok(billionLaughs) },
                "/external-entity.xml": { _ in .ok(externalEntity) },
                "/gzip-bomb.xml": { _ in TestHTTPResponse(status: 200, headers: [("Content-Type", "application/rss+xml"), ("Content-Encoding", "gzip")], body: .bytes(bomb)) },
                "/endless.xml": { _ in .endless() },
                "/trickle.xml": { _ in .trickle(Array(good.utf8), every: .seconds(1)) },
                "/huge-element.xml": { _ in .ok(huge) },
                "/deep.xml": { _ in .ok(deep) },
                "/binary.xml": { _ in .ok(binary, contentType: "application/octet-stream") },
                "/html.xml": { _ in .ok("<!DOCTYPE html><html><head><title>Hi</title></head><body><p>No feed here</p></body></html>", contentType: "text/html") },
                "/json.xml": { _ in .ok("{\"hello\": \"world\", \"items\": 3}", contentType: "application/json") },
                "/empty.xml": { _ in .ok("") },
                "/nul.xml": { _ in .ok(nul) },
                "/invalid-utf8.xml": { _ in .ok(invalidUTF8) },
                "/truncated.xml": { _ in .ok(truncated) },
                "/loop.xml": { _ in .redirect(302, to: "/loop.xml") },
                "/to-file.xml": { _ in .redirect(302, to: "file://\(secretPath)") },
                "/lying.xml": { _ in .lyingLength(Array(good.utf8.prefix(500)), claimed: 100_000) },
                "/404.xml": { _ in .status(404) },
                "/410.xml": { _ in .status(410) },
                "/429.xml": { _ in .status(429, headers: [("Retry-After", "600")]) },
                "/503.xml": { _ in .status(503, headers: [("Retry-After", "Wed, 21 Oct 2037 07:28:00 GMT")]) },
            ]
        }

        /// Feeds that must fail outright, and a word their cause must contain.
        static let mustFail: [String: String] = [
            "gzip-bomb": "larger than", "endless": "larger than", "trickle": "too slow", "loop": "redirect",
            "to-file": "refused scheme", "lying": "remaining", "404": "HTTP 404", "429": "HTTP 429", "503": "HTTP 503",
            "binary": "not a usable feed", "html": "not a usable feed", "json": "not a usable feed",
            "empty": "not a usable feed", "refused": "refused", "unresolvable": "resolve",
        ]
        /// Feeds that may be read in part (recovered) or fail, but must be named once either way.
        static let failOrRecover = ["billion-laughs", "external-entity", "huge-element", "deep", "nul", "invalid-utf8", "truncated"]

        @Test func everyHostileFeedCostsOneLineAndTheGoodFeedIsArchived() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let secret = "\(workspace.root)/secret.txt"
            let marker = "TOP-SECRET-\(UUID().uuidString)"
            try marker.write(toFile: secret, atomically: true, encoding: .utf8)
            let routes = try Self.documents(secretPath: secret)
            let server = try TestHTTPServer(routes: routes)
            defer { server.stop() }
            var feeds = routes.keys.sorted().map { (String($0.dropFirst().dropLast(4)), server.url($0)) }
            feeds.append(("refused", "http://127.0.0.1:\(try FreePort.find())/feed.xml"))
            feeds.append(("unresolvable", "http://feedd-test.invalid/feed.xml"))
            try workspace.writeConfig(feeds: feeds, http: """
                timeout = "8s"
                connect_timeout = "4s"
                low_speed_time = "3s"
                max_body = "2MiB"
                """)

            let (status, peakKilobytes) = try Self.pollOnceMeasuringMemory(workspace)
            #expect(status == 1)
            #expect(peakKilobytes < 256 * 1024, "peak RSS \(peakKilobytes / 1024) MB")
            print("hostile poll: peak RSS \(peakKilobytes / 1024) MB")

            let log = workspace.ingestLog()
            func lines(_ name: String, _ events: [String]) -> [String] {
                log.filter { line in line.contains("feed=\(name) ") && events.contains { line.contains(" \($0) ") } }
            }
            for (name, word) in Self.mustFail {
                let failed = lines(name, ["failed"])
                #expect(failed.count == 1, "\(name): \(failed)")
                #expect(failed.first?.contains(word) == true, "\(name): \(failed)")
            }
            for name in Self.failOrRecover {
                #expect(lines(name, ["failed", "recovered"]).count == 1, "\(name): \(lines(name, ["failed", "recovered", "polled"]))")
            }
            #expect(lines("410", ["gone"]).count == 1)
            #expect(log.contains { $0.contains("feed=429 ") && $0.contains("retry_in=600s") })

            let archive = workspace.archiveLines()
            #expect(!archive.joined().contains(marker), "an external entity never reaches the archive")
            #expect(archive.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
            let good = workspace.archive().filter { ($0["feed_url"] as? String) == server.url("/good.xml") }
            #expect(good.count == 10)
        }

        /// Runs poll-once under /usr/bin/time; returns the exit status and peak RSS in KiB.
        static func pollOnceMeasuringMemory(_ workspace: Workspace) throws -> (Int32, Int) {
            let report = "\(workspace.root)/time.txt"
            let (status, _) = try ChildProcess.run(
                ["/usr/bin/time", "-f", "%M", "-o", report, FeeddProcess.binaryPath, "poll-once", "--config", workspace.configPath],
                workingDirectory: workspace.root)
            let text = try String(contentsOfFile: report, encoding: .utf8)
            let kilobytes = text.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.last
            return (status, try #require(kilobytes, "no RSS in \(text)"))
        }
    }
}

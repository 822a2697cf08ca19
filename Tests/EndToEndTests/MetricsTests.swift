import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// `[metrics] listen`: the real daemon's /metrics, checked against its archive and ingest log,
    /// by promtool and by a real Prometheus server scraping it.
    @Suite struct MetricsTests {
        /// Each feed polled once and then left alone for an hour (failures too), so that the
        /// counters hold still while the test compares them with the archive.
        static let pollOnceAnHour = """
        interval = "1h"
        min_interval = "1h"
        retry_delay = "1h"
        max_retry_delay = "1h"
        jitter = 0
        adaptive = false
        """

        @Test func scrapeAgreesWithTheArchiveAndPassesPromtool() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            // a: 4 items; b: 3 items, one of them a's first (a duplicate across feeds); old.xml
            // moved for good to c.xml (2 items); broken answers 500; retired answers 410.
            let server = try TestHTTPServer(routes: [
                "/a.xml": { _ in .ok(FeedText.rss(title: "A", items: FeedText.items("a", 0..<4))) },
                "/b.xml": { _ in .ok(FeedText.rss(title: "B", items: FeedText.items("a", 0..<1) + FeedText.items("b", 0..<2))) },
                "/old.xml": { _ in .redirect(301, to: "/c.xml") },
                "/c.xml": { _ in .ok(FeedText.rss(title: "C", items: FeedText.items("c", 0..<2))) },
                "/broken.xml": { _ in .status(500, body: "oops") },
                "/retired.xml": { _ in .status(410, body: "gone") },
                "/d.xml": { _ in .ok(FeedText.rss(title: "D", items: FeedText.items("d", 0..<2))) },
            ])
            defer { server.stop() }
            let feeds = ["a", "b", "old", "broken", "retired"].map { ($0, server.url("/\($0).xml")) }
            let started = Date().timeIntervalSince1970
            let (daemon, metricsURL) = try workspace.startDaemonWithMetrics(feeds: feeds, poll: Self.pollOnceAnHour)
            defer { daemon.stop() }

            var scrape = Scrape(text: "")
            #expect(Wait.until(timeout: .seconds(120)) {
                scrape = (try? Scrape.fetch(metricsURL)) ?? scrape
                return scrape.polls == 5
            }, "five polls: \(scrape.text)\n\(daemon.stderr)")
            let lines = workspace.archiveLines().count
            #expect(lines == 8, "4 + 3 + 2 items, one of b's already archived from a")
            #expect(scrape["feedd_items_archived_total"] == Double(lines))
            #expect(scrape["feedd_archive_items"] == Double(lines))
            #expect(scrape["feedd_items_archived_total"] == Double(workspace.ingestLog().filter { $0.contains(" ingested ") }.count))
            #expect(scrape["feedd_items_duplicate_total"] == 1)
            #expect(scrape[#"feedd_polls_total{result="fetched"}"#] == 3)
            #expect(scrape[#"feedd_polls_total{result="not_modified"}"#] == 0)
            #expect(scrape[#"feedd_polls_total{result="failed"}"#] == 1)
            #expect(scrape[#"feedd_polls_total{result="gone"}"#] == 1)
            #expect(scrape[#"feedd_feeds{state="ok"}"#] == 2)
            #expect(scrape[#"feedd_feeds{state="failing"}"#] == 1)
            #expect(scrape[#"feedd_feeds{state="gone"}"#] == 1)
            #expect(scrape[#"feedd_feeds{state="moved"}"#] == 1)
            #expect(scrape[#"feedd_feeds{state="pending"}"#] == 0)
            #expect(scrape["feedd_fetch_duration_seconds_count"] == 5)
            let segmentBytes = try FileManager.default.contentsOfDirectory(atPath: "\(workspace.stateDirectory)/archive")
                .filter { $0.hasSuffix(".jsonl") }
                .reduce(0) { $0 + Self.fileSize("\(workspace.stateDirectory)/archive/\($1)") }
            #expect(scrape["feedd_archive_bytes"] == Double(segmentBytes))
            let polledBytes = workspace.ingestLog().filter { $0.contains(" polled ") }.compactMap { line in
                line.split(separator: " ").first { $0.hasPrefix("bytes=") }.flatMap { Int($0.dropFirst(6)) }
            }.reduce(0, +)
            #expect(scrape["feedd_bytes_fetched_total"].map { $0 >= Double(polledBytes) && polledBytes > 0 } == true)
            #expect(scrape["feedd_last_poll_timestamp_seconds"].map { $0 >= started && $0 <= Date().timeIntervalSince1970 } == true)
            #expect(scrape[#"feedd_build_info{version="0.1.0"}"#] == 1)

            if PrometheusServer.isInstalled {
                let check = try Self.promtoolCheck(scrape.text, in: workspace.root)
                #expect(check.status == 0 && check.output.isEmpty, "promtool check metrics: \(check.output)")
            } else {
                print("promtool check skipped: \(PrometheusServer.missingReason)")
            }

            // A feed added while running: the counters move with the archive.
            try FileManager.default.createDirectory(atPath: "\(workspace.root)/feeds.d", withIntermediateDirectories: true)
            try workspace.write("[[feed]]\nname = \"d\"\nurl = \"\(server.url("/d.xml"))\"\n", to: "\(workspace.root)/feeds.d/d.toml")
            #expect(Wait.until(timeout: .seconds(120)) {
                scrape = (try? Scrape.fetch(metricsURL)) ?? scrape
                return scrape.polls == 6
            }, "the added feed polled: \(scrape.text)")
            #expect(workspace.archiveLines().count == 10)
            #expect(scrape["feedd_items_archived_total"] == 10)
            #expect(scrape["feedd_archive_items"] == 10)
            #expect(scrape[#"feedd_feeds{state="ok"}"#] == 3)
            #expect(daemon.stop() == 0, "\(daemon.stderr)")
        }

        @Test func openMetricsWhenAcceptAsksForIt() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/a.xml": { _ in .ok(FeedText.rss(title: "A", items: FeedText.items("a", 0..<2))) }])
            defer { server.stop() }
            let (daemon, metricsURL) = try workspace.startDaemonWithMetrics(feeds: [("a", server.url("/a.xml"))])
            defer { daemon.stop() }
            let open = try HTTPGet.fetch(metricsURL, headers: ["Accept: application/openmetrics-text;version=1.0.0,text/plain;q=0.5"])
            #expect(open.status == 200)
            #expect(open.contentType.hasPrefix("application/openmetrics-text; version=1.0.0"))
            #expect(open.body.hasSuffix("\n# EOF\n"))
            #expect(open.body.contains("# TYPE feedd_polls counter\n"))
            #expect(open.body.contains("# TYPE feedd_build info\n"))
            let plain = try HTTPGet.fetch(metricsURL)
            #expect(plain.contentType.hasPrefix("text/plain; version=0.0.4"))
            #expect(plain.body.contains("# TYPE feedd_polls_total counter\n"))
            #expect(try HTTPGet.fetch(metricsURL.replacingOccurrences(of: "/metrics", with: "/")).status == 404)
        }

        @Test func aTakenPortStopsTheStartWithAClearError() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/a.xml": { _ in .ok(FeedText.rss(title: "A", items: [])) }])
            defer { server.stop() }
            // The test server's own port is certainly taken.
            try workspace.writeConfig(feeds: [("a", server.url("/a.xml"))],
                                      extra: "[metrics]\nlisten = \"127.0.0.1:\(server.port)\"")
            let check = try workspace.feedd(["check-config", workspace.configPath])
            #expect(check.stdout.contains("; metrics on http://127.0.0.1:\(server.port)/metrics"), "\(check.stdout)")
            let daemon = try workspace.startDaemon()
            #expect(daemon.waitForExit(timeout: .seconds(60)))
            #expect(daemon.exitStatus == 1)
            #expect(daemon.stderr.contains("cannot serve metrics on 127.0.0.1:\(server.port): Address already in use"), "\(daemon.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(workspace.stateDirectory)/archive/") || workspace.archiveLines().isEmpty)
        }

        @Test(.enabled(if: PrometheusServer.isInstalled, "\(PrometheusServer.missingReason)"))
        func prometheusScrapesFeeddAndReadsBackWhatTheArchiveHolds() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let feed = DaemonTests.LiveFeed("Live", FeedText.items("live", 0..<5))
            let server = try TestHTTPServer(routes: ["/live.xml": { _ in .ok(feed.document) }])
            defer { server.stop() }
            let (daemon, metricsURL) = try workspace.startDaemonWithMetrics(feeds: [("live", server.url("/live.xml"))])
            defer { daemon.stop() }
            #expect(Wait.until(timeout: .seconds(120)) { workspace.archiveLines().count == 5 }, "\(daemon.stderr)")

            let target = String(metricsURL.dropFirst("http://".count).prefix { $0 != "/" })
            let prometheus = try PrometheusServer(scraping: target)
            defer { prometheus.stop() }
            var seen: Double?
            #expect(Wait.until(timeout: .seconds(180)) {
                seen = try? prometheus.query(#"feedd_items_archived_total{job="feedd"}"#)
                return seen == Double(workspace.archiveLines().count)
            }, "Prometheus read \(String(describing: seen)), the archive holds \(workspace.archiveLines().count): \(prometheus.log)")

            feed.append(FeedText.items("live", 5..<8))
            #expect(Wait.until(timeout: .seconds(120)) { workspace.archiveLines().count == 8 })
            #expect(Wait.until(timeout: .seconds(180)) {
                seen = try? prometheus.query(#"feedd_items_archived_total{job="feedd"}"#)
                return seen == 8
            }, "Prometheus read \(String(describing: seen)) after 8 lines: \(prometheus.log)")
            #expect(try prometheus.query(#"feedd_archive_items{job="feedd"}"#) == 8)
            #expect(try prometheus.query(#"sum(feedd_feeds{job="feedd"})"#) == 1)
            // Prometheus asks for OpenMetrics first: a scrape it could not parse would show here.
            let targets = try prometheus.targets()
            #expect(targets.count == 1 && targets.first?.health == "up" && targets.first?.lastError == "", "\(targets)")
            #expect(try prometheus.query(#"up{job="feedd"}"#) == 1)
        }

        static func promtoolCheck(_ scrape: String, in directory: String) throws -> (status: Int32, output: String) {
            let path = "\(directory)/scrape.prom"
            try scrape.write(toFile: path, atomically: true, encoding: .utf8)
            return try ChildProcess.run(["/bin/sh", "-c", "\(PrometheusServer.promtoolPath) check metrics < \"\(path)\""])
        }

        static func fileSize(_ path: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        }
    }
}

/// One Prometheus text scrape, with its samples by name and labels as written.
struct Scrape {
    let text: String

    static func fetch(_ url: String) throws -> Scrape {
        let response = try HTTPGet.fetch(url, timeout: 30)
        guard response.status == 200 else { throw TestSupportError("GET \(url): \(response.status)") }
        return Scrape(text: response.body)
    }

    subscript(sample: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1))
        }
        return nil
    }

    /// Every finished poll, whatever its result.
    var polls: Int {
        ["fetched", "not_modified", "failed", "gone"].compactMap { self[#"feedd_polls_total{result="\#($0)"}"#] }
            .reduce(0) { $0 + Int($1) }
    }
}

extension Workspace {
    /// Starts `feedd run` with metrics on a free loopback port (another one if that port was
    /// taken before feedd could listen) and returns it with its `/metrics` URL once it answers.
    func startDaemonWithMetrics(feeds: [(name: String, url: String)], poll: String = Self.fastPolling) throws
        -> (FeeddProcess, String) {
        for _ in 0..<5 {
            let port = try FreePort.find()
            try writeConfig(feeds: feeds, poll: poll, extra: "[metrics]\nlisten = \"127.0.0.1:\(port)\"")
            let daemon = try startDaemon()
            let url = "http://127.0.0.1:\(port)/metrics"
            let answered = Wait.until(timeout: .seconds(60)) {
                !daemon.isRunning || (try? HTTPGet.fetch(url, timeout: 10))?.status == 200
            }
            if answered && daemon.isRunning { return (daemon, url) }
            daemon.stop()
            guard daemon.stderr.contains("cannot serve metrics") else {
                throw TestSupportError("feedd with metrics did not start: \(daemon.stderr)")
            }
        }
        throw TestSupportError("no free port for metrics after five tries")
    }
}

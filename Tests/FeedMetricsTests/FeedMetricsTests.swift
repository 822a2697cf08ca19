import FeedMetrics
import Foundation
import Testing

@Suite struct FeedMetricsTests {
    /// The value of the sample `name` (with its labels, as written) in a Prometheus text scrape.
    static func sample(_ name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }

    static func render(_ metrics: FeedMetrics) async -> String {
        String(decoding: await metrics.render(.prometheusText), as: UTF8.self)
    }

    @Test func pollsAddUpInEachCounter() async {
        let metrics = FeedMetrics(buildLabels: [("version", "9.9")])
        metrics.recordPoll(.fetched, fetchSeconds: 0.02, bytes: 1000, archived: 3, duplicates: 2, finishedAt: 1_800_000_000)
        metrics.recordPoll(.fetched, fetchSeconds: 3, bytes: 500, archived: 1, duplicates: 0, finishedAt: 1_800_000_010)
        metrics.recordPoll(.notModified, fetchSeconds: 0.001, bytes: 0, archived: 0, duplicates: 0, finishedAt: 1_800_000_020)
        metrics.recordPoll(.failed, fetchSeconds: nil, bytes: 0, archived: 0, duplicates: 0, finishedAt: 1_800_000_030)
        let text = await Self.render(metrics)
        #expect(Self.sample(#"feedd_polls_total{result="fetched"}"#, in: text) == 2)
        #expect(Self.sample(#"feedd_polls_total{result="not_modified"}"#, in: text) == 1)
        #expect(Self.sample(#"feedd_polls_total{result="failed"}"#, in: text) == 1)
        #expect(Self.sample(#"feedd_polls_total{result="gone"}"#, in: text) == 0, "every result is there from the start")
        #expect(Self.sample("feedd_items_archived_total", in: text) == 4)
        #expect(Self.sample("feedd_items_duplicate_total", in: text) == 2)
        #expect(Self.sample("feedd_bytes_fetched_total", in: text) == 1500)
        #expect(Self.sample("feedd_last_poll_timestamp_seconds", in: text) == 1_800_000_030)
        #expect(Self.sample(#"feedd_build_info{version="9.9"}"#, in: text) == 1)
        // Three timed transfers: two within 25 ms, one of 3 s.
        #expect(Self.sample(#"feedd_fetch_duration_seconds_bucket{le="0.025"}"#, in: text) == 2)
        #expect(Self.sample(#"feedd_fetch_duration_seconds_bucket{le="2.5"}"#, in: text) == 2)
        #expect(Self.sample(#"feedd_fetch_duration_seconds_bucket{le="5.0"}"#, in: text) == 3)
        #expect(Self.sample("feedd_fetch_duration_seconds_count", in: text) == 3)
        #expect(Self.sample("process_resident_memory_bytes", in: text).map { $0 > 1_000_000 } == true)
    }

    @Test func stateGaugesAreReadAtEachScrape() async {
        let metrics = FeedMetrics(buildLabels: [])
        let counts = LockedCounts()
        metrics.setStateSource { StateSnapshot(feeds: counts.value, archiveBytes: 4096, archiveItems: 7) }
        counts.value = FeedCounts(ok: 3, failing: 1, gone: 1, moved: 2, pending: 4)
        var text = await Self.render(metrics)
        #expect(Self.sample(#"feedd_feeds{state="ok"}"#, in: text) == 3)
        #expect(Self.sample(#"feedd_feeds{state="failing"}"#, in: text) == 1)
        #expect(Self.sample(#"feedd_feeds{state="gone"}"#, in: text) == 1)
        #expect(Self.sample(#"feedd_feeds{state="moved"}"#, in: text) == 2)
        #expect(Self.sample(#"feedd_feeds{state="pending"}"#, in: text) == 4)
        #expect(Self.sample("feedd_archive_bytes", in: text) == 4096)
        #expect(Self.sample("feedd_archive_items", in: text) == 7)
        counts.value = FeedCounts(ok: 10)
        text = await Self.render(metrics)
        #expect(Self.sample(#"feedd_feeds{state="ok"}"#, in: text) == 10)
        #expect(Self.sample(#"feedd_feeds{state="pending"}"#, in: text) == 0)
    }

    @Test func articleStatusesAreShortWordsAndBounded() async {
        let metrics = FeedMetrics(buildLabels: [])
        metrics.recordArticleFetch(status: "archived")
        metrics.recordArticleFetch(status: "archived")
        metrics.recordArticleFetch(status: "HTTP 404\n\"x\"")
        for index in 0..<(FeedMetrics.maxArticleStatuses + 5) {
            metrics.recordArticleFetch(status: "s\(index)")
        }
        let text = await Self.render(metrics)
        #expect(Self.sample(#"feedd_article_fetches_total{status="archived"}"#, in: text) == 2)
        #expect(Self.sample(#"feedd_article_fetches_total{status="http_404__x_"}"#, in: text) == 1)
        let series = text.split(separator: "\n").filter { $0.hasPrefix("feedd_article_fetches_total{") }
        #expect(series.count == FeedMetrics.maxArticleStatuses + 1, "32 statuses and \"other\"")
        #expect(Self.sample(#"feedd_article_fetches_total{status="other"}"#, in: text) == 7, "37 more statuses, 30 admitted")
    }
}

/// Feed counts a test changes between scrapes.
final class LockedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var counts = FeedCounts()
    var value: FeedCounts {
        get { lock.withLock { counts } }
        set { lock.withLock { counts = newValue } }
    }
}

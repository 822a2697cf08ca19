import Foundation
import Prometheus
import Synchronization

/// The daemon's counters, gauges and histograms, rendered for `GET /metrics`.
///
/// The pipeline reports each finished poll (`recordPoll`) and each article fetch
/// (`recordArticleFetch`); values that describe state rather than events (feeds by state, the
/// archive's size) are asked of a `StateSnapshot` source at scrape time. Every method is cheap
/// and thread-safe (atomics and short locks), so it may be called from any task. When metrics are
/// off the daemon creates no `FeedMetrics` at all.
public final class FeedMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let polls: [PollResult: Counter]
    private let itemsArchived: Counter
    private let itemsDuplicate: Counter
    private let bytesFetched: Counter
    private let fetchDuration: ValueHistogram
    private let lastPoll: Gauge
    private let feeds: (ok: Gauge, failing: Gauge, gone: Gauge, moved: Gauge, pending: Gauge)
    private let archiveBytes: Gauge
    private let archiveItems: Gauge
    private let articleFetchStatuses = Mutex<Set<String>>([])
    private let process: ProcessMetrics
    private let stateSource = Mutex<(@Sendable () async -> StateSnapshot)?>(nil)

    /// Upper bounds (seconds) of `feedd_fetch_duration_seconds`: a loopback hit takes
    /// milliseconds, a slow server many seconds, a timeout the whole `[http] timeout`.
    public static let fetchDurationBuckets: [Double] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// Most distinct `status` values `feedd_article_fetches_total` takes; later ones count as "other".
    public static let maxArticleStatuses = 32

    /// Registers every metric; `buildLabels` label `feedd_build_info` (version and the like).
    public init(buildLabels: [(String, String)]) {
        let registry = registry
        registry.makeGauge(descriptor: .feedd("build", unit: "info", help: "Always 1; the labels name the running build."),
                           labels: buildLabels).set(to: 1.0)
        var polls: [PollResult: Counter] = [:]
        for result in PollResult.allCases {
            polls[result] = registry.makeCounter(
                descriptor: .feedd("polls", unit: "total",
                                   help: "Feed polls finished, by result: fetched (2xx, parsed), not_modified (304), failed, gone (410)."),
                labels: [("result", result.rawValue)])
        }
        self.polls = polls
        itemsArchived = registry.makeCounter(
            descriptor: .feedd("items_archived", unit: "total", help: "Items appended to the archive (new canonical URLs)."))
        itemsDuplicate = registry.makeCounter(
            descriptor: .feedd("items_duplicate", unit: "total",
                               help: "Items seen in fetched feeds and dropped because their canonical URL was already archived."))
        bytesFetched = registry.makeCounter(
            descriptor: .feedd("bytes_fetched", unit: "total", help: "Bytes received from feed servers (on the wire, before decompression)."))
        fetchDuration = registry.makeValueHistogram(
            descriptor: .feedd("fetch_duration", unit: "seconds",
                               help: "Time of each feed transfer, redirects included, until its response or its failure."),
            buckets: Self.fetchDurationBuckets)
        lastPoll = registry.makeGauge(
            descriptor: .feedd("last_poll_timestamp", unit: "seconds",
                               help: "When the last poll of any feed finished (Unix time); 0 before the first."))
        func feedGauge(_ state: String) -> Gauge {
            registry.makeGauge(
                descriptor: .feedd("feeds", unit: "",
                                   help: "Configured feeds by state: ok, failing, gone (410), moved (301/308), pending (not polled yet)."),
                labels: [("state", state)])
        }
        feeds = (feedGauge("ok"), feedGauge("failing"), feedGauge("gone"), feedGauge("moved"), feedGauge("pending"))
        archiveBytes = registry.makeGauge(descriptor: .feedd("archive", unit: "bytes", help: "Size of the archive: every segment together, or on PostgreSQL the items and aliases tables."))
        archiveItems = registry.makeGauge(descriptor: .feedd("archive_items", unit: "", help: "Records in the archive, all segments (on PostgreSQL, the server's live-row estimate)."))
        process = ProcessMetrics(registry: registry)
    }

    /// Records one finished poll: its result, the transfer's time (nil when there was no
    /// transfer), bytes received, items archived and items dropped as already archived, and when
    /// it finished (Unix time).
    public func recordPoll(_ result: PollResult, fetchSeconds: Double?, bytes: Int, archived: Int, duplicates: Int,
                           finishedAt: Double) {
        polls[result]?.increment()
        if let fetchSeconds { fetchDuration.record(max(0, fetchSeconds)) }
        if bytes > 0 { bytesFetched.increment(by: Int64(bytes)) }
        if archived > 0 { itemsArchived.increment(by: Int64(archived)) }
        if duplicates > 0 { itemsDuplicate.increment(by: Int64(duplicates)) }
        lastPoll.set(finishedAt)
    }

    /// Counts one article page fetch in `feedd_article_fetches_total{status}`.
    ///
    /// `status` is a short fixed word the caller chooses ("archived", "not_article", "http_error",
    /// "refused", "failed", …), never a URL or a message: each distinct value is a time series.
    /// It is cut to lower-case letters, digits and "_", at most 32 of them, and after
    /// `maxArticleStatuses` distinct values any new one counts as "other".
    public func recordArticleFetch(status: String) {
        var label = String(status.lowercased().unicodeScalars.prefix(32).map {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_"
        })
        if label.isEmpty { label = "other" }
        let admitted = articleFetchStatuses.withLock { seen in
            if seen.contains(label) { return label }
            guard seen.count < Self.maxArticleStatuses else { return "other" }
            seen.insert(label)
            return label
        }
        registry.makeCounter(descriptor: .feedd("article_fetches", unit: "total", help: "Article pages fetched for capture, by outcome."),
                             labels: [("status", admitted)]).increment()
    }

    /// Sets what is asked, at each scrape, for the values of `StateSnapshot`.
    public func setStateSource(_ source: @escaping @Sendable () async -> StateSnapshot) {
        stateSource.withLock { $0 = source }
    }

    /// The current values in `format`, the state gauges read afresh.
    public func render(_ format: ExpositionFormat) async -> [UInt8] {
        if let source = stateSource.withLock({ $0 }) {
            update(with: await source())
        }
        process.update()
        let text = registry.emitToBuffer()
        switch format {
        case .prometheusText: return text
        case .openMetrics: return OpenMetricsText.convert(text)
        }
    }

    private func update(with snapshot: StateSnapshot) {
        feeds.ok.set(Double(snapshot.feeds.ok))
        feeds.failing.set(Double(snapshot.feeds.failing))
        feeds.gone.set(Double(snapshot.feeds.gone))
        feeds.moved.set(Double(snapshot.feeds.moved))
        feeds.pending.set(Double(snapshot.feeds.pending))
        archiveBytes.set(Double(snapshot.archiveBytes))
        archiveItems.set(Double(snapshot.archiveItems))
    }
}

extension MetricNameDescriptor {
    /// `feedd_<name>_<unit>` (no unit: `feedd_<name>`).
    static func feedd(_ name: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "feedd", metricName: name, unitName: unit, helpText: help)
    }

    /// `process_<name>_<unit>`, as every Prometheus client names the process's own metrics.
    static func process(_ name: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "process", metricName: name, unitName: unit, helpText: help)
    }
}

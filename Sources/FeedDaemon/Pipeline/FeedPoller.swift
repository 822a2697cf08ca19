import ArticleCapture
import FeedArchive
import FeedMetrics
import FeedParsing
import FeedURL
import Foundation
import HTTPFetching
import PostgresStore

/// One poll of one feed, end to end: fetch, parse, canonicalize, dedup, archive, log.
///
/// Feed failures never throw: they come back in the report, for the scheduler to retry
/// and the caller to log with the retry time it chose.
public struct FeedPoller: Sendable {
    let client: HTTPClient
    let parser: FeedParser
    let archive: any ArchiveStore
    let log: IngestLog
    let identity: ItemIdentity
    let records: RecordBuilder
    let articles: ArticleStage
    /// Told of every finished poll; nil when metrics are off.
    let metrics: FeedMetrics?

    public init(client: HTTPClient, parser: FeedParser = FeedParser(), archive: any ArchiveStore, log: IngestLog,
                canonicalizer: URLCanonicalizer = URLCanonicalizer(), articles: ArticleSettings = ArticleSettings(),
                metrics: FeedMetrics? = nil) {
        self.client = client
        self.parser = parser
        self.archive = archive
        self.log = log
        self.metrics = metrics
        identity = ItemIdentity(canonicalizer: canonicalizer)
        records = RecordBuilder(identity: identity)
        self.articles = ArticleStage(
            capturer: PageCapturer(client: client, canonicalizer: canonicalizer, options: articles.capture),
            defaultPolicy: articles.fetch, concurrency: max(1, client.options.maxTransfersPerHost * 2), metrics: metrics)
    }

    /// What the network part of a poll produced: a response to process, or already the report.
    public enum Fetched: Sendable {
        /// `firstSight`: the feed had never been polled (its state has no last poll).
        case response(FetchResponse, target: String, firstSight: Bool)
        case finished(PollReport)
    }

    /// One whole poll: `fetch`, then `process`.
    public func poll(_ feed: FeedConfig, state: FeedState) async -> PollReport {
        await process(feed, await fetch(feed, state: state))
    }

    /// The network part: a conditional GET of the feed (or of where it moved for good).
    /// Split from `process` so the per-host slot is held only while talking to the host.
    public func fetch(_ feed: FeedConfig, state: FeedState) async -> Fetched {
        let target = state.movedTo ?? feed.url
        // A saved move is a URL the feed's server chose: it is checked as a redirect from the
        // configured URL would be, never as one the operator wrote.
        let trust: FetchTrust = state.movedTo == nil ? .configured : .redirected(from: feed.url)
        let request = FetchRequest(url: target, trust: trust, etag: state.etag, lastModified: state.lastModified)
        let started = ContinuousClock.now
        do {
            return .response(try await client.fetch(request), target: target, firstSight: state.lastPolled == nil)
        } catch {
            if error.kind == .cancelled { return .finished(PollReport(outcome: .interrupted, finishedAt: Self.now())) }
            let elapsed = ContinuousClock.now - started
            var report = PollReport(outcome: .failed(cause: error.message, status: nil, retryAfter: nil), finishedAt: Self.now(),
                                    fetchSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            // A move the policy now refuses (allow_networks narrowed, state from an older feedd)
            // is forgotten: the next poll starts again from the configured URL.
            report.forgetsMove = state.movedTo != nil && (error.kind == .refusedAddress || error.kind == .refusedScheme)
            return .finished(report)
        }
    }

    /// The local part: status handling, parse, dedup, archive, ingest log; then the metrics.
    public func process(_ feed: FeedConfig, _ fetched: Fetched) async -> PollReport {
        let report = await outcome(feed, fetched)
        if let metrics { metrics.record(report) }
        return report
    }

    private func outcome(_ feed: FeedConfig, _ fetched: Fetched) async -> PollReport {
        guard case .response(let response, let target, let firstSight) = fetched else {
            if case .finished(let report) = fetched { return report }
            return PollReport(outcome: .interrupted, finishedAt: Self.now())
        }
        let finishedAt = Self.now()
        let freshness = response.freshnessSeconds(now: Date(timeIntervalSince1970: finishedAt))
        var report = PollReport(outcome: .notModified, finishedAt: finishedAt, bytesFetched: response.wireBytes,
                                fetchSeconds: Double(response.milliseconds) / 1000, serverFreshness: freshness)
        if let moved = response.permanentlyMovedTo, moved != target {
            report.movedTo = moved
            log.write(.moved(feed: feed.name, from: target, to: moved))
        }
        switch response.status {
        case 304:
            log.write(.polled(feed: feed.name, url: target, status: 304, items: 0, new: 0,
                              bytes: response.wireBytes, milliseconds: response.milliseconds))
            return report
        case 200...299:
            return await ingest(response, status: response.status, feed: feed, target: target, firstSight: firstSight, report: report)
        case 410:
            report.outcome = .gone
            return report
        case let status:
            let retryAfter = (status == 429 || status == 503) ? response.retryAfterSeconds(now: Date()) : nil
            report.outcome = .failed(cause: HTTPStatusText.describe(status), status: status, retryAfter: retryAfter)
            return report
        }
    }

    /// Parses a 2xx body and archives the entries not seen before.
    private func ingest(_ response: FetchResponse, status: Int, feed: FeedConfig, target: String, firstSight: Bool,
                        report: PollReport) async -> PollReport {
        var report = report
        // The feed's credentials are for fetching it: links resolved against its URL must not carry them.
        let context = DocumentContext(url: URLCredentials.removed(from: response.effectiveURL), contentType: response.contentType,
                                      contentLocation: response.headers["content-location"])
        let parsed: ParsedFeed
        do {
            parsed = try parser.parse(response.body, context: context)
        } catch {
            report.outcome = .failed(cause: "not a usable feed: \(error.message)", status: status, retryAfter: nil)
            return report
        }
        let fetchedAt = Date(timeIntervalSince1970: report.finishedAt)
        let keyed = parsed.entries.compactMap { entry in identity.key(of: entry, feedURL: target).map { (entry, $0) } }
        let known: [Bool]
        do {
            // A key wrongly taken for new on a feed's first poll costs its record, unless its
            // page would be fetched: then the store is asked.
            let presumeNew = firstSight && (feed.fetchArticle ?? articles.defaultPolicy) == .never
            known = try await archive.knows(keyed.map(\.1), firstSight: presumeNew)
        } catch {
            report.outcome = .failed(cause: Self.archiveCause(error, "archive unavailable"), status: status, retryAfter: nil)
            return report
        }
        // Records (with their plain-text rendering) are built only for items not archived yet.
        var items: [ArticleStage.Item] = []
        var keysInBatch = Set<String>()
        for ((entry, key), isKnown) in zip(keyed, known) where !isKnown && keysInBatch.insert(key).inserted {
            let record = records.record(for: entry, key: key, feed: parsed, feedURL: target, fetchedAt: fetchedAt)
            items.append(ArticleStage.Item(record: record, link: identity.articleURL(of: entry), feedText: record.contentText))
        }
        guard let entries = await articles.entries(for: items, feed: feed) else {
            return PollReport(outcome: .interrupted, finishedAt: Self.now())
        }
        let outcomes: [ArchiveOutcome]
        do {
            outcomes = try await archive.archive(entries)
        } catch {
            report.outcome = .failed(cause: Self.archiveCause(error, "archive write failed"), status: status, retryAfter: nil)
            return report
        }
        let fresh = zip(entries, outcomes).compactMap { $1 == .archived ? $0.record : nil }
        let name = feed.name
        var events: [IngestEvent] = []
        events.reserveCapacity(fresh.count + 2)
        if let problem = parsed.recoveredProblems.first {
            events.append(.recovered(feed: name, url: target, problem: problem))
        }
        for record in fresh {
            let article = record.article.status == ArchivedArticle.skipped.status ? nil : record.article.status
            events.append(.ingested(feed: name, canonicalURL: record.canonicalURL, title: record.title, article: article))
        }
        events.append(.polled(feed: name, url: target, status: status, items: parsed.entries.count,
                              new: fresh.count, bytes: response.wireBytes, milliseconds: response.milliseconds))
        log.write(events)

        report.outcome = .fetched(status: status)
        report.etag = response.etag
        report.lastModified = response.lastModified
        report.itemsSeen = parsed.entries.count
        report.newItems = fresh.count
        report.duplicateItems = keyed.count - fresh.count
        report.hints = parsed.pollingHints
        (report.newestEntry, report.meanEntryGap) = Self.publishingRate(parsed.entries)
        return report
    }

    /// The newest entry's time and the mean gap between the (up to 20) most recent entries.
    static func publishingRate(_ entries: [ParsedEntry]) -> (Double?, Double?) {
        let times = entries.compactMap { ($0.published ?? $0.updated)?.timeIntervalSince1970 }
            .sorted(by: >).prefix(20)
        guard let newest = times.first else { return (nil, nil) }
        guard times.count > 1, let oldest = times.last, newest > oldest else { return (newest, nil) }
        return (newest, (newest - oldest) / Double(times.count - 1))
    }

    /// "database unavailable" while a shared store cannot be reached (the poll is retried later,
    /// nothing of it was archived); otherwise what failed and why.
    static func archiveCause(_ error: any Error, _ what: String) -> String {
        if let failure = error as? PostgresError, failure.kind == .unavailable { return "database unavailable" }
        return "\(what): \(error)"
    }

    static func now() -> Double { Date().timeIntervalSince1970 }
}

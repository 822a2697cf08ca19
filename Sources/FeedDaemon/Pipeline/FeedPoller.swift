import FeedArchive
import FeedParsing
import FeedURL
import Foundation
import HTTPFetching

/// One poll of one feed, end to end: fetch, parse, canonicalize, dedup, archive, log.
///
/// Feed failures never throw: they come back in the report, for the scheduler to retry
/// and the caller to log with the retry time it chose.
public struct FeedPoller: Sendable {
    let client: HTTPClient
    let parser: FeedParser
    let archive: Archive
    let log: IngestLog
    let identity: ItemIdentity
    let records: RecordBuilder

    public init(client: HTTPClient, parser: FeedParser = FeedParser(), archive: Archive, log: IngestLog,
                canonicalizer: URLCanonicalizer = URLCanonicalizer()) {
        self.client = client
        self.parser = parser
        self.archive = archive
        self.log = log
        identity = ItemIdentity(canonicalizer: canonicalizer)
        records = RecordBuilder(identity: identity)
    }

    /// What the network part of a poll produced: a response to process, or already the report.
    public enum Fetched: Sendable {
        case response(FetchResponse, target: String)
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
        let request = FetchRequest(url: target, etag: state.etag, lastModified: state.lastModified)
        do {
            return .response(try await client.fetch(request), target: target)
        } catch {
            if error.kind == .cancelled { return .finished(PollReport(outcome: .interrupted, finishedAt: Self.now())) }
            return .finished(PollReport(outcome: .failed(cause: error.message, status: nil, retryAfter: nil), finishedAt: Self.now()))
        }
    }

    /// The local part: status handling, parse, dedup, archive, ingest log.
    public func process(_ feed: FeedConfig, _ fetched: Fetched) async -> PollReport {
        guard case .response(let response, let target) = fetched else {
            if case .finished(let report) = fetched { return report }
            return PollReport(outcome: .interrupted, finishedAt: Self.now())
        }
        let finishedAt = Self.now()
        let freshness = response.freshnessSeconds(now: Date(timeIntervalSince1970: finishedAt))
        var report = PollReport(outcome: .notModified, finishedAt: finishedAt, serverFreshness: freshness)
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
            return await ingest(response, status: response.status, feed: feed, target: target, report: report)
        case 410:
            report.outcome = .gone
            return report
        case let status:
            let retryAfter = (status == 429 || status == 503) ? response.retryAfterSeconds(now: Date()) : nil
            report.outcome = .failed(cause: "HTTP \(status) \(Self.reason(status))", status: status, retryAfter: retryAfter)
            return report
        }
    }

    /// Parses a 2xx body and archives the entries not seen before.
    private func ingest(_ response: FetchResponse, status: Int, feed: FeedConfig, target: String,
                        report: PollReport) async -> PollReport {
        var report = report
        let context = DocumentContext(url: response.effectiveURL, contentType: response.contentType,
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
        // Records (with their plain-text rendering) are built only for items not archived yet.
        let archived = await archive.containsEach(canonicalURLs: keyed.map(\.1))
        var batch: [ArchiveRecord] = []
        batch.reserveCapacity(keyed.count)
        for ((entry, key), known) in zip(keyed, archived) where !known {
            batch.append(records.record(for: entry, key: key, feed: parsed, feedURL: target, fetchedAt: fetchedAt))
        }
        let fresh: [ArchiveRecord]
        do {
            fresh = try await archive.append(batch)
        } catch {
            report.outcome = .failed(cause: "archive write failed: \(error)", status: status, retryAfter: nil)
            return report
        }
        let name = feed.name
        var events: [IngestEvent] = []
        events.reserveCapacity(fresh.count + 2)
        if let problem = parsed.recoveredProblems.first {
            events.append(.recovered(feed: name, url: target, problem: problem))
        }
        for record in fresh {
            events.append(.ingested(feed: name, canonicalURL: record.canonicalURL, title: record.title))
        }
        events.append(.polled(feed: name, url: target, status: status, items: parsed.entries.count,
                              new: fresh.count, bytes: response.wireBytes, milliseconds: response.milliseconds))
        log.write(events)

        report.outcome = .fetched(status: status)
        report.etag = response.etag
        report.lastModified = response.lastModified
        report.itemsSeen = parsed.entries.count
        report.newItems = fresh.count
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

    static func now() -> Double { Date().timeIntervalSince1970 }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 0: "(no HTTP status)"
        default: status >= 500 ? "server error" : status >= 400 ? "client error" : "unexpected status"
        }
    }
}

import ArticleCapture
import ArticleExtraction
import FeedArchive
import FeedMetrics
import FeedParsing
import Foundation

/// The page step of a poll: for each new item that asks for it, fetch its page, and turn the
/// item into an archive entry keyed by the page's canonical URL (its feed-level key becomes an
/// alias), or by its feed-level key when no page was fetched or the fetch failed.
struct ArticleStage: Sendable {
    let capturer: PageCapturer
    let defaultPolicy: ArticleFetchPolicy
    /// Pages of one feed fetched at once; the HTTP client's own limits (overall and per host)
    /// still decide when each goes out.
    let concurrency: Int
    /// Told of every page capture's outcome; nil when metrics are off.
    let metrics: FeedMetrics?

    /// An item of a poll before its page step.
    struct Item: Sendable {
        let record: ArchiveRecord
        /// The feed-level key (the record's canonical URL so far).
        var key: String { record.canonicalURL }
        /// The link to fetch, when the item has a web one.
        let link: String?
        /// Plain text the feed gives for the item.
        let feedText: String?
    }

    /// The entries for `items`, in order; nil when the poll was cancelled meanwhile (nothing of
    /// it may then be archived: the feed is read again next time).
    func entries(for items: [Item], feed: FeedConfig) async -> [ArchiveEntry]? {
        let policy = feed.fetchArticle ?? defaultPolicy
        var entries = items.map { ArchiveEntry(record: $0.record) }
        let wanted = items.indices.filter { index in
            guard let link = items[index].link?.lowercased(), link.hasPrefix("http://") || link.hasPrefix("https://") else {
                return false
            }
            return policy.wantsPage(feedText: items[index].feedText)
        }
        guard !wanted.isEmpty else { return entries }
        var cancelled = false
        await withTaskGroup(of: (Int, CapturedPage).self) { group in
            var next = wanted.makeIterator()
            func startNext() {
                guard let index = next.next(), let link = items[index].link else { return }
                group.addTask { (index, await capturer.capture(link: link)) }
            }
            for _ in 0 ..< concurrency { startNext() }
            while let (index, page) = await group.next() {
                if case .cancelled = page.status {
                    cancelled = true
                    group.cancelAll()
                    continue
                }
                metrics?.recordArticleFetch(status: page.outcome)
                entries[index] = Self.entry(items[index], page: page)
                if !cancelled { startNext() }
            }
        }
        return cancelled || Task.isCancelled ? nil : entries
    }

    /// The entry of an item whose page capture gave `page`.
    static func entry(_ item: Item, page: CapturedPage) -> ArchiveEntry {
        var record = item.record
        guard case .ok = page.status, let key = page.canonicalURL, let article = page.article else {
            if case .failed(let cause) = page.status { record.article = .failed(cause, url: page.finalURL) }
            return ArchiveEntry(record: record)
        }
        record.canonicalURL = key
        record.article = ArchivedArticle(
            status: "ok", url: page.finalURL, title: article.title, byline: article.byline,
            published: article.published, text: article.paragraphs.isEmpty ? nil : article.text,
            captions: Self.captions(of: article), image: article.image, lang: article.lang)
        return ArchiveEntry(record: record, aliases: key == item.key ? [] : [item.key])
    }

    /// The page's captions, the lead image's first when the body did not carry it.
    private static func captions(of article: ExtractedArticle) -> [String] {
        guard let lead = article.imageCaption, !lead.isEmpty, !article.captions.contains(lead) else { return article.captions }
        return [lead] + article.captions
    }
}

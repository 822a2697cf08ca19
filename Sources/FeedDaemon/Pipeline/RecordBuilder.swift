import FeedArchive
import FeedParsing
import Foundation

/// Turns a parsed entry into the record the archive stores.
struct RecordBuilder: Sendable {
    let identity: ItemIdentity

    func record(for entry: ParsedEntry, key: String, feed: ParsedFeed, feedURL: String, fetchedAt: Date) -> ArchiveRecord {
        ArchiveRecord(
            canonicalURL: key,
            url: identity.articleURL(of: entry),
            feedURL: feedURL,
            feedTitle: feed.title,
            guid: entry.id,
            title: entry.title,
            author: entry.author,
            published: entry.published,
            updated: entry.updated,
            fetchedAt: fetchedAt,
            summary: entry.summary,
            content: entry.content,
            contentText: (entry.content ?? entry.summary).map(HTMLText.plainText),
            categories: entry.categories,
            enclosures: entry.enclosures.map { ArchivedEnclosure(url: $0.url, type: $0.type, length: $0.length) }
        )
    }
}

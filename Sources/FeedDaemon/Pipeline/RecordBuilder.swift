import FeedArchive
import FeedParsing
import FeedURL
import Foundation

/// Turns a parsed entry into the record the archive stores. Its URLs carry no password: the
/// key and item URL come masked from `ItemIdentity`, the feed's own URL and the enclosures' are
/// masked here. Text and HTML stay as published (a tutorial's `postgres://user:pass@…` is
/// content); the feed's credentials cannot reach them, since links are resolved against a base
/// without userinfo (`FeedPoller`).
struct RecordBuilder: Sendable {
    let identity: ItemIdentity

    func record(for entry: ParsedEntry, key: String, feed: ParsedFeed, feedURL: String, fetchedAt: Date) -> ArchiveRecord {
        ArchiveRecord(
            canonicalURL: key,
            url: identity.articleURL(of: entry),
            feedURL: URLCredentials.masked(feedURL),
            feedTitle: feed.title,
            guid: entry.id.map(URLCredentials.masked),
            title: entry.title,
            author: entry.author,
            published: entry.published,
            updated: entry.updated,
            fetchedAt: fetchedAt,
            summary: entry.summary,
            content: entry.content,
            contentText: (entry.content ?? entry.summary).map(HTMLText.plainText),
            categories: entry.categories,
            enclosures: entry.enclosures.map {
                ArchivedEnclosure(url: URLCredentials.masked($0.url), type: $0.type, length: $0.length)
            }
        )
    }
}

import FeedTime
import Foundation

extension ArchiveRecord {
    /// This record as one line of the archive (schema version 1), ending in `\n`.
    public var jsonLine: [UInt8] {
        var writer = JSONLineWriter(capacity: estimatedLineSize)
        write(to: &writer)
        return writer.bytes
    }

    /// Appends this record's line (ending in `\n`) to `bytes`; cheaper than `jsonLine` for many.
    public func appendJSONLine(to bytes: inout [UInt8]) {
        var writer = JSONLineWriter(capacity: 0)
        swap(&writer.bytes, &bytes)
        write(to: &writer)
        swap(&writer.bytes, &bytes)
    }

    /// A capacity that holds most lines without regrowing: the strings plus room for keys.
    var estimatedLineSize: Int {
        let texts = [url, feedTitle, guid, title, author, summary, content, contentText]
        return texts.reduce(canonicalURL.utf8.count + feedURL.utf8.count + 320) {
            $0 + ($1?.utf8.count ?? 0)
        } + categories.reduce(0) { $0 + $1.utf8.count + 3 }
            + enclosures.reduce(0) { $0 + $1.url.utf8.count + 64 } + article.estimatedSize
    }

    private func write(to writer: inout JSONLineWriter) {
        writer.appendRaw("{\"v\":1,\"canonical_url\":")
        writer.appendString(canonicalURL)
        writer.appendRaw(",\"url\":")
        writer.appendString(url)
        writer.appendRaw(",\"feed_url\":")
        writer.appendString(feedURL)
        writer.appendRaw(",\"feed_title\":")
        writer.appendString(feedTitle)
        writer.appendRaw(",\"guid\":")
        writer.appendString(guid)
        writer.appendRaw(",\"title\":")
        writer.appendString(title)
        writer.appendRaw(",\"author\":")
        writer.appendString(author)
        writer.appendRaw(",\"published\":")
        writer.appendDate(published)
        writer.appendRaw(",\"updated\":")
        writer.appendDate(updated)
        writer.appendRaw(",\"fetched_at\":")
        writer.appendDate(clampedFetchedAt)
        writer.appendRaw(",\"summary\":")
        writer.appendString(summary)
        writer.appendRaw(",\"content\":")
        writer.appendString(content)
        writer.appendRaw(",\"content_text\":")
        writer.appendString(contentText)
        writer.appendRaw(",\"categories\":")
        writer.appendStrings(categories)
        writer.appendRaw(",\"enclosures\":[")
        for (index, enclosure) in enclosures.enumerated() {
            writer.appendRaw(index == 0 ? "{\"url\":" : ",{\"url\":")
            writer.appendString(enclosure.url)
            writer.appendRaw(",\"type\":")
            writer.appendString(enclosure.type)
            writer.appendRaw(",\"length\":")
            writer.appendString(enclosure.length)
            writer.appendRaw("}")
        }
        writer.appendRaw("],\"article_url\":")
        writer.appendString(article.url)
        writer.appendRaw(",\"article_status\":")
        writer.appendString(article.status)
        writer.appendRaw(",\"article_title\":")
        writer.appendString(article.title)
        writer.appendRaw(",\"article_byline\":")
        writer.appendString(article.byline)
        writer.appendRaw(",\"article_published\":")
        writer.appendDate(article.published)
        writer.appendRaw(",\"article_text\":")
        writer.appendString(article.text)
        writer.appendRaw(",\"article_captions\":")
        writer.appendStrings(article.captions)
        writer.appendRaw(",\"article_image\":")
        writer.appendString(article.image)
        writer.appendRaw(",\"article_lang\":")
        writer.appendString(article.lang)
        writer.appendRaw("}\n")
    }

    /// `fetched_at` is required, so a clock outside years 0000–9999 is pinned to the nearest end.
    private var clampedFetchedAt: Date {
        let range = UTCTimestamp.representableSeconds
        let seconds = fetchedAt.timeIntervalSince1970
        guard seconds.isFinite else { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: min(max(seconds, Double(range.lowerBound)), Double(range.upperBound)))
    }
}

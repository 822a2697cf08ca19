import FeedArchive
import FeedTime
import FeedURL
import Foundation

/// How an `ArchiveRecord` maps onto the `items` table: one column per key of the JSON Lines
/// schema, plus `dedup_key` (the canonical URL with http folded into https, unique) and `node`.
enum ItemColumns {
    /// The columns an insert writes, in parameter order, each with its cast.
    static let inserted: [(name: String, cast: String)] = [
        ("dedup_key", "text"), ("canonical_url", "text"), ("url", "text"), ("feed_url", "text"), ("feed_title", "text"),
        ("guid", "text"), ("title", "text"), ("author", "text"), ("published", "timestamptz"), ("updated", "timestamptz"),
        ("fetched_at", "timestamptz"), ("summary", "text"), ("content", "text"), ("content_text", "text"),
        ("categories", "text[]"), ("enclosures", "jsonb"), ("article_url", "text"), ("article_status", "text"),
        ("article_title", "text"), ("article_byline", "text"), ("article_published", "timestamptz"),
        ("article_text", "text"), ("article_captions", "text[]"), ("article_image", "text"), ("article_lang", "text"),
        ("node", "text"),
    ]

    /// The parameters of one row, in `inserted` order.
    static func parameters(_ record: ArchiveRecord, node: String, into values: inout [String?]) {
        let article = record.article
        values.append(DedupKey.of(canonicalURL: record.canonicalURL))
        values.append(text(record.canonicalURL))
        values.append(text(record.url))
        values.append(text(record.feedURL))
        values.append(text(record.feedTitle))
        values.append(text(record.guid))
        values.append(text(record.title))
        values.append(text(record.author))
        values.append(timestamp(record.published))
        values.append(timestamp(record.updated))
        values.append(timestamp(record.fetchedAt) ?? "1970-01-01T00:00:00Z")
        values.append(text(record.summary))
        values.append(text(record.content))
        values.append(text(record.contentText))
        values.append(TextArrayLiteral.encode(texts(record.categories)))
        values.append(enclosuresJSON(record.enclosures))
        values.append(text(article.url))
        values.append(text(article.status))
        values.append(text(article.title))
        values.append(text(article.byline))
        values.append(timestamp(article.published))
        values.append(text(article.text))
        values.append(TextArrayLiteral.encode(texts(article.captions)))
        values.append(text(article.image))
        values.append(text(article.lang))
        values.append(node)
    }

    /// What a select lists to read a record back with `record(_:row:)`; dates as epoch seconds
    /// and arrays as JSON, which need no parser of PostgreSQL's own text forms.
    static let selected = """
        canonical_url, url, feed_url, feed_title, guid, title, author, extract(epoch FROM published),
        extract(epoch FROM updated), extract(epoch FROM fetched_at), summary, content, content_text,
        array_to_json(categories), enclosures, article_url, article_status, article_title, article_byline,
        extract(epoch FROM article_published), article_text, array_to_json(article_captions), article_image,
        article_lang, id
        """

    /// The record in `row` of a result selected with `selected`; its `id` comes last.
    static func record(_ result: PGResult, row: Int) -> ArchiveRecord {
        func date(_ column: Int) -> Date? { result.double(row, column).map { Date(timeIntervalSince1970: $0) } }
        func strings(_ column: Int) -> [String] {
            guard let json = result.string(row, column) else { return [] }
            return (try? JSONDecoder().decode([String?].self, from: Data(json.utf8)))?.compactMap { $0 } ?? []
        }
        let enclosures = result.string(row, 14).flatMap { try? JSONDecoder().decode([Enclosure].self, from: Data($0.utf8)) } ?? []
        return ArchiveRecord(
            canonicalURL: result.string(row, 0) ?? "", url: result.string(row, 1), feedURL: result.string(row, 2) ?? "",
            feedTitle: result.string(row, 3), guid: result.string(row, 4), title: result.string(row, 5),
            author: result.string(row, 6), published: date(7), updated: date(8),
            fetchedAt: date(9) ?? Date(timeIntervalSince1970: 0), summary: result.string(row, 10),
            content: result.string(row, 11), contentText: result.string(row, 12), categories: strings(13),
            enclosures: enclosures.map { ArchivedEnclosure(url: $0.url, type: $0.type, length: $0.length) },
            article: ArchivedArticle(
                status: result.string(row, 16), url: result.string(row, 15), title: result.string(row, 17),
                byline: result.string(row, 18), published: date(19), text: result.string(row, 20),
                captions: strings(21), image: result.string(row, 22), lang: result.string(row, 23)))
    }

    /// PostgreSQL text cannot hold U+0000; a feed that sends one gets U+FFFD in its place.
    static func text(_ value: String?) -> String? {
        guard let value else { return nil }
        return value.utf8.contains(0) ? value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : value
    }

    static func text(_ value: String) -> String {
        value.utf8.contains(0) ? value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : value
    }

    static func texts(_ values: [String]) -> [String] {
        values.map { text($0) }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, which PostgreSQL reads as a timestamptz; nil outside years 0000–9999.
    static func timestamp(_ date: Date?) -> String? {
        date.flatMap(UTCTimestamp.string(from:))
    }

    private struct Enclosure: Codable {
        var url: String
        var type: String?
        var length: String?
    }

    static func enclosuresJSON(_ enclosures: [ArchivedEnclosure]) -> String {
        guard !enclosures.isEmpty else { return "[]" }
        let values = enclosures.map { Enclosure(url: text($0.url), type: text($0.type), length: text($0.length)) }
        return (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }
}

/// PostgreSQL's text form of a `text[]` value: every element quoted, so no element needs more
/// than its backslashes and double quotes escaped.
enum TextArrayLiteral {
    static func encode(_ elements: [String]) -> String {
        guard !elements.isEmpty else { return "{}" }
        var literal = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in element.unicodeScalars {
                if character == "\\" || character == "\"" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }
}

import FeedArchive
import FeedTime
import FeedURL
import Foundation

/// How an `ArchiveRecord` maps onto the `items` table: one column per key of the JSON Lines
/// schema, plus `dedup_key` (the canonical URL with http folded into https, unique) and `node`.
enum ItemColumns {
    /// The columns an insert writes from its arrays, each with its cast; `node` comes apart.
    static let inserted: [(name: String, cast: String)] = [
        ("dedup_key", "text"), ("canonical_url", "text"), ("url", "text"), ("feed_url", "text"), ("feed_title", "text"),
        ("guid", "text"), ("title", "text"), ("author", "text"), ("published", "timestamptz"), ("updated", "timestamptz"),
        ("fetched_at", "timestamptz"), ("summary", "text"), ("content", "text"), ("content_text", "text"),
        ("categories", "text[]"), ("enclosures", "jsonb"), ("article_url", "text"), ("article_status", "text"),
        ("article_title", "text"), ("article_byline", "text"), ("article_published", "timestamptz"),
        ("article_text", "text"), ("article_captions", "text[]"), ("article_image", "text"), ("article_lang", "text"),
    ]

    /// Rows reach the database by `COPY … FROM STDIN (FORMAT binary)` into this temporary table
    /// of text columns (no WAL, emptied at each commit), then one `INSERT … SELECT` casts them into
    /// `items`. Both are the server's cheapest paths: a parameter per value costs several times
    /// the insert itself to parse, and arrays unnested into rows pass through tuplestores.
    static let stagingTable = "feedd_staging"

    static let createStagingSQL = "CREATE TEMPORARY TABLE IF NOT EXISTS \(stagingTable) ("
        + inserted.indices.map { "c\($0) text" }.joined(separator: ", ") + ") ON COMMIT DELETE ROWS"

    static let copySQL = "COPY \(stagingTable) FROM STDIN (FORMAT binary)"

    /// Moves the staged rows into `items`; `$1` is the node.
    static let insertSQL: String = {
        let names = inserted.map(\.name).joined(separator: ", ")
        let casts = inserted.enumerated().map { $1.cast == "text" ? "c\($0)" : "c\($0)::\($1.cast)" }.joined(separator: ", ")
        return "INSERT INTO items (\(names), node) SELECT \(casts), $1 FROM \(stagingTable) "
            + "ON CONFLICT (dedup_key) DO NOTHING RETURNING dedup_key"
    }()

    /// One record's values as binary COPY fields (length, then UTF-8; -1 for NULL): built by the
    /// caller of `archive`, on its own task, so the connection's thread only sends.
    struct EncodedRow: Sendable {
        let dedupKey: String
        /// The elements back to back; `ends[i]` is where column i's ends.
        let bytes: [UInt8]
        let ends: [Int]

        init(_ record: ArchiveRecord) {
            let article = record.article
            let values: [String?] = [
                DedupKey.of(canonicalURL: record.canonicalURL), record.canonicalURL, record.url, record.feedURL,
                record.feedTitle, record.guid, record.title, record.author, ItemColumns.timestamp(record.published),
                ItemColumns.timestamp(record.updated), ItemColumns.timestamp(record.fetchedAt) ?? "1970-01-01T00:00:00Z",
                record.summary, record.content, record.contentText, TextArrayLiteral.encode(record.categories),
                ItemColumns.enclosuresJSON(record.enclosures), article.url, article.status, article.title,
                article.byline, ItemColumns.timestamp(article.published), article.text,
                TextArrayLiteral.encode(article.captions), article.image, article.lang,
            ]
            var bytes: [UInt8] = []
            bytes.reserveCapacity(values.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 4 })
            var ends: [Int] = []
            ends.reserveCapacity(values.count)
            for value in values {
                BinaryField.append(value, to: &bytes)
                ends.append(bytes.count)
            }
            dedupKey = values[0] ?? ""
            self.bytes = bytes
            self.ends = ends
        }
    }

    /// The input of `copySQL` for `rows`: PostgreSQL's binary COPY format, whose tuples are a
    /// field count and then exactly the length-prefixed values an `EncodedRow` holds.
    static func copyData(_ rows: [EncodedRow]) -> [UInt8] {
        var data: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]  // "PGCOPY\n\xff\r\n\0"
        data.reserveCapacity(rows.reduce(32) { $0 + $1.bytes.count + 2 })
        data += [0, 0, 0, 0, 0, 0, 0, 0]  // flags, header extension length
        let fields = UInt16(inserted.count)
        for row in rows {
            data += [UInt8(fields >> 8), UInt8(fields & 0xFF)]
            data.append(contentsOf: row.bytes)
        }
        data += [0xFF, 0xFF]  // end of data
        return data
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

    /// PostgreSQL text cannot hold U+0000 (nor jsonb its escape): a feed that sends one gets U+FFFD.
    static func text(_ value: String) -> String {
        value.utf8.contains(0) ? value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : value
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
        let values = enclosures.map { Enclosure(url: text($0.url), type: $0.type.map(text), length: $0.length.map(text)) }
        return (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }
}

/// One value as a field of PostgreSQL's binary COPY format.
enum BinaryField {
    /// Its length (-1 for NULL) and its UTF-8 bytes, U+0000 (which text cannot hold) as U+FFFD.
    static func append(_ value: String?, to bytes: inout [UInt8]) {
        guard let value else {
            append(-1, to: &bytes)
            return
        }
        let utf8 = value.utf8
        guard utf8.contains(0) else {
            append(Int32(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
            return
        }
        let cleaned = value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}").utf8
        append(Int32(cleaned.count), to: &bytes)
        bytes.append(contentsOf: cleaned)
    }

    private static func append(_ value: Int32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

/// PostgreSQL's text form of a `text[]` value, built a byte at a time: every element quoted, so
/// none needs more than its backslashes and double quotes escaped; nil is NULL. U+0000, which
/// PostgreSQL text cannot hold, becomes U+FFFD.
struct TextArrayLiteral {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]

    mutating func append(_ element: String?) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        Self.appendElement(element, to: &bytes)
    }

    /// One element, quoted and escaped (or NULL), without a separator.
    static func appendElement(_ element: String?, to bytes: inout [UInt8]) {
        guard let element else {
            bytes.append(contentsOf: "NULL".utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        let utf8 = element.utf8
        // Most text has nothing to escape: copied whole, it costs a memcpy, not a loop.
        if !utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == 0 }) {
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0:
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    var literal: String {
        String(decoding: bytes + [UInt8(ascii: "}")], as: UTF8.self)
    }

    static func encode(_ elements: some Sequence<String>) -> String {
        var literal = TextArrayLiteral()
        for element in elements { literal.append(element) }
        return literal.literal
    }
}

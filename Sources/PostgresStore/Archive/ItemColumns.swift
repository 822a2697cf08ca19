import FeedArchive
import FeedTime
import FeedURL
import Foundation

/// How an `ArchiveRecord` maps onto the `items` table: one column per key of the JSON Lines
/// schema, plus `dedup_key` (the canonical URL with http folded into https, unique) and `node`.
enum ItemColumns {
    /// The columns an insert writes, each with its type; `node` comes last, apart.
    static let inserted: [(name: String, type: String)] = [
        ("dedup_key", "text"), ("canonical_url", "text"), ("url", "text"), ("feed_url", "text"), ("feed_title", "text"),
        ("guid", "text"), ("title", "text"), ("author", "text"), ("published", "timestamptz"), ("updated", "timestamptz"),
        ("fetched_at", "timestamptz"), ("summary", "text"), ("content", "text"), ("content_text", "text"),
        ("categories", "text[]"), ("enclosures", "jsonb"), ("article_url", "text"), ("article_status", "text"),
        ("article_title", "text"), ("article_byline", "text"), ("article_published", "timestamptz"),
        ("article_text", "text"), ("article_captions", "text[]"), ("article_image", "text"), ("article_lang", "text"),
    ]

    private static let columnList = (inserted.map(\.name) + ["node"]).joined(separator: ", ")

    /// Rows reach `items` by `COPY … FROM STDIN (FORMAT binary)`, each value already in the
    /// column type's binary form: the server's cheapest way in (a parameter per value costs
    /// several times the insert itself to parse, and text needs each type's parser). A batch
    /// none of whose keys exists yet (nearly every one) is copied straight into `items`.
    static let copySQL = "COPY items (\(columnList)) FROM STDIN (FORMAT binary)"

    /// A batch with a key some other writer has (the copy fails on the unique index) goes
    /// through this temporary table of the same columns (no WAL, emptied at each commit), then
    /// `insertSQL` moves what is new into `items`.
    static let stagingTable = "feedd_staging"

    static let createStagingSQL = "CREATE TEMPORARY TABLE IF NOT EXISTS \(stagingTable) ("
        + (inserted + [("node", "text")]).map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ") ON COMMIT DELETE ROWS"

    static let copyStagingSQL = "COPY \(stagingTable) (\(columnList)) FROM STDIN (FORMAT binary)"

    /// Moves the staged rows into `items`, returning the keys it inserted.
    static let insertSQL = "INSERT INTO items (\(columnList)) SELECT \(columnList) FROM \(stagingTable) "
        + "ON CONFLICT (dedup_key) DO NOTHING RETURNING dedup_key"

    /// One record's values as binary COPY fields (length, then the value's binary form; -1 for
    /// NULL): built by the caller of `archive`, on its own task, so the connection's thread only sends.
    struct EncodedRow: Sendable {
        let dedupKey: String
        /// The fields back to back.
        let bytes: [UInt8]

        init(_ record: ArchiveRecord) {
            let article = record.article
            let key = DedupKey.of(canonicalURL: record.canonicalURL)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(inserted.count * 4 + [record.summary, record.content, record.contentText, article.text]
                .reduce(512) { $0 + ($1?.utf8.count ?? 0) })
            for text in [key, record.canonicalURL, record.url, record.feedURL, record.feedTitle, record.guid, record.title,
                         record.author] {
                BinaryField.append(text, to: &bytes)
            }
            BinaryField.append(timestamp: record.published, to: &bytes)
            BinaryField.append(timestamp: record.updated, to: &bytes)
            BinaryField.append(timestamp: record.fetchedAt, orEpoch: true, to: &bytes)
            for text in [record.summary, record.content, record.contentText] { BinaryField.append(text, to: &bytes) }
            BinaryField.append(textArray: record.categories, to: &bytes)
            BinaryField.append(jsonb: ItemColumns.enclosuresJSON(record.enclosures), to: &bytes)
            for text in [article.url, article.status, article.title, article.byline] { BinaryField.append(text, to: &bytes) }
            BinaryField.append(timestamp: article.published, to: &bytes)
            BinaryField.append(article.text, to: &bytes)
            BinaryField.append(textArray: article.captions, to: &bytes)
            for text in [article.image, article.lang] { BinaryField.append(text, to: &bytes) }
            dedupKey = key
            self.bytes = bytes
        }
    }

    /// The input of `copySQL` (or `copyStagingSQL`) for `rows`: PostgreSQL's binary COPY
    /// format, whose tuples are a field count and then exactly the fields an `EncodedRow`
    /// holds, and `node`'s.
    static func copyData(_ rows: some Collection<EncodedRow>, node: String) -> [UInt8] {
        var nodeField: [UInt8] = []
        BinaryField.append(node, to: &nodeField)
        var data: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]  // "PGCOPY\n\xff\r\n\0"
        data.reserveCapacity(rows.reduce(32) { $0 + $1.bytes.count + 2 + nodeField.count })
        data += [0, 0, 0, 0, 0, 0, 0, 0]  // flags, header extension length
        let fields = UInt16(inserted.count + 1)
        for row in rows {
            data += [UInt8(fields >> 8), UInt8(fields & 0xFF)]
            data.append(contentsOf: row.bytes)
            data.append(contentsOf: nodeField)
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
        let lengthAt = bytes.count
        append(0, to: &bytes)
        appendText(value, to: &bytes)
        setLength(at: lengthAt, of: &bytes)
    }

    /// A timestamptz: microseconds since 2000-01-01 UTC, of the whole seconds the archive's
    /// text form keeps; NULL outside years 0000–9999 (or 1970-01-01 with `orEpoch`).
    static func append(timestamp date: Date?, orEpoch: Bool = false, to bytes: inout [UInt8]) {
        guard let seconds = date.flatMap(UTCTimestamp.seconds(of:)) ?? (orEpoch ? 0 : nil) else {
            append(-1, to: &bytes)
            return
        }
        append(8, to: &bytes)
        withUnsafeBytes(of: ((seconds - postgresEpoch) * 1_000_000).bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since 1970.
    private static let postgresEpoch: Int64 = 946_684_800

    /// A `text[]` of one dimension (none when empty), no NULLs.
    static func append(textArray elements: [String], to bytes: inout [UInt8]) {
        let lengthAt = bytes.count
        append(0, to: &bytes)
        append(elements.isEmpty ? 0 : 1, to: &bytes)  // dimensions
        append(0, to: &bytes)  // no NULL element
        append(25, to: &bytes)  // element type: text
        if !elements.isEmpty {
            append(Int32(elements.count), to: &bytes)
            append(1, to: &bytes)  // lower bound
            for element in elements { append(element, to: &bytes) }
        }
        setLength(at: lengthAt, of: &bytes)
    }

    /// A jsonb: its format version (1), then the JSON text.
    static func append(jsonb json: String, to bytes: inout [UInt8]) {
        let lengthAt = bytes.count
        append(0, to: &bytes)
        bytes.append(1)
        appendText(json, to: &bytes)
        setLength(at: lengthAt, of: &bytes)
    }

    /// Text without its length: the UTF-8 bytes, U+0000 as U+FFFD. The bytes are searched with
    /// memchr and copied whole: a byte-by-byte `utf8.contains` cost a tenth of feedd's CPU.
    private static func appendText(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        let copied = value.withUTF8 { utf8 -> Bool in
            if let base = utf8.baseAddress, memchr(base, 0, utf8.count) != nil { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !copied { bytes.append(contentsOf: value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}").utf8) }
    }

    /// Writes the length of what follows the 4-byte placeholder at `offset`.
    private static func setLength(at offset: Int, of bytes: inout [UInt8]) {
        let length = Int32(bytes.count - offset - 4).bigEndian
        withUnsafeBytes(of: length) { for (index, byte) in $0.enumerated() { bytes[offset + index] = byte } }
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

/// The JSON form of a parsed feed that `feedd parse` prints (the shape of the shared
/// conformance suite): title, link and entries with id, title, link, author, published,
/// updated, summary, content, enclosures and categories. Missing values are `null`, dates
/// are UTC `YYYY-MM-DDTHH:MM:SSZ`.
public enum FeedJSON {
    public static func render(_ feed: ParsedFeed) -> String {
        var writer = JSONWriter()
        writer.open("{")
        writer.field("title", feed.title)
        writer.field("link", feed.link)
        writer.key("entries")
        writer.open("[")
        for entry in feed.entries {
            writer.element()
            render(entry, into: &writer)
        }
        writer.close("]")
        writer.close("}")
        return writer.text
    }

    private static func render(_ entry: ParsedEntry, into writer: inout JSONWriter) {
        writer.open("{")
        writer.field("id", entry.id)
        writer.field("title", entry.title)
        writer.field("link", entry.link)
        writer.field("author", entry.author)
        writer.field("published", entry.published.map(FeedDate.iso8601))
        writer.field("updated", entry.updated.map(FeedDate.iso8601))
        writer.field("summary", entry.summary)
        writer.field("content", entry.content)
        writer.key("enclosures")
        writer.open("[")
        for enclosure in entry.enclosures {
            writer.element()
            writer.open("{")
            writer.field("url", enclosure.url)
            writer.field("type", enclosure.type)
            writer.field("length", enclosure.length)
            writer.close("}")
        }
        writer.close("]")
        writer.key("categories")
        writer.open("[")
        for category in entry.categories {
            writer.element()
            writer.string(category)
        }
        writer.close("]")
        writer.close("}")
    }
}

/// A minimal JSON text builder (objects, arrays, strings, null) writing UTF-8 bytes.
struct JSONWriter {
    private var bytes: [UInt8] = []
    private var needsComma = false

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func open(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        needsComma = false
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        needsComma = true
    }

    /// Starts an array element.
    mutating func element() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = false
    }

    /// A key and its string (or null) value.
    mutating func field(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    mutating func key(_ name: String) {
        element()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String?) {
        defer { needsComma = true }
        guard let value else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

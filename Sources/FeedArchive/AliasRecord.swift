import Foundation

/// One line of `<state_dir>/archive/aliases/aliases.jsonl`: a dedup key that leads to an item archived
/// under another canonical URL.
///
/// An item whose page names another canonical URL (a redirector link, an AMP copy, a syndicated
/// copy) is archived under the page's key; its feed-level key is written here, so the next poll
/// knows the item without fetching its page again. The file is part of the archive (the seen-index
/// is rebuilt from segments and aliases together), but only a shortcut: losing a line costs one
/// page fetch, never an item.
///
/// ```
/// {"v":1,"alias":"https://example.com/r/123","canonical_url":"https://example.com/story"}
/// ```
public struct AliasRecord: Sendable, Equatable {
    /// The other key (a canonical URL itself).
    public var alias: String
    /// The canonical URL of the archived item it leads to.
    public var canonicalURL: String

    public init(alias: String, canonicalURL: String) {
        self.alias = alias
        self.canonicalURL = canonicalURL
    }

    /// The line, ending in `\n`.
    func appendJSONLine(to bytes: inout [UInt8]) {
        var writer = JSONLineWriter(capacity: 0)
        swap(&writer.bytes, &bytes)
        writer.appendRaw("{\"v\":1,\"alias\":")
        writer.appendString(alias)
        writer.appendRaw(",\"canonical_url\":")
        writer.appendString(canonicalURL)
        writer.appendRaw("}\n")
        swap(&writer.bytes, &bytes)
    }

    /// Reads a line; nil when it is not an alias line.
    init?(jsonLine line: UnsafeRawBufferPointer) {
        guard let decoded = try? JSONDecoder().decode(Line.self, from: Data(line)), decoded.v == 1 else { return nil }
        self.init(alias: decoded.alias, canonicalURL: decoded.canonicalURL)
    }

    private struct Line: Decodable {
        let v: Int
        let alias: String
        let canonicalURL: String

        enum CodingKeys: String, CodingKey {
            case v, alias
            case canonicalURL = "canonical_url"
        }
    }
}

import Foundation

/// Reads `canonical_url` out of an archive line. Lines feedd wrote start with
/// `{"v":1,"canonical_url":"`, so the URL is taken straight from the bytes when it has no escapes;
/// any other line goes through `JSONDecoder`. Rebuilding the index of a large archive reads
/// every line, so the fast path matters.
enum CanonicalURLExtractor {
    private static let prefix = Array(#"{"v":1,"canonical_url":""#.utf8)

    /// The line's canonical URL, or nil when the line is not a JSON object with one.
    static func canonicalURL(inLine line: UnsafeRawBufferPointer) -> String? {
        if line.count > prefix.count, line.starts(with: prefix) {
            let rest = UnsafeRawBufferPointer(rebasing: line[prefix.count...])
            if let end = rest.firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
               rest[end] == UInt8(ascii: "\"") {
                return String(decoding: UnsafeRawBufferPointer(rebasing: rest[..<end]), as: UTF8.self)
            }
        }
        return try? JSONDecoder().decode(KeyOnly.self, from: Data(line)).canonicalURL
    }

    private struct KeyOnly: Decodable {
        let canonicalURL: String

        enum CodingKeys: String, CodingKey {
            case canonicalURL = "canonical_url"
        }
    }
}

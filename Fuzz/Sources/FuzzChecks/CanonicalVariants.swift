/// Spellings of a canonical http(s) URL that the canonical form's rules make equivalent: an
/// upper-case host, the default port, a fragment, a tracking parameter, dot segments, an
/// escaped unreserved character. Each must canonicalize back to the URL it came from, which
/// checks that the rules apply everywhere, not only that they are stable.
struct CanonicalVariants {
    /// The variants, each with a name for the report.
    private(set) var all: [(name: String, url: String)] = []

    /// Nil when `canonical` is not an http(s) URL with an authority.
    init?(of canonical: String) {
        let bytes = Array(canonical.utf8)
        let isHTTPS = canonical.hasPrefix("https://")
        guard isHTTPS || canonical.hasPrefix("http://") else { return nil }
        let authorityStart = isHTTPS ? 8 : 7
        let authorityEnd = bytes[authorityStart...].firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? bytes.count
        let pathEnd = bytes[authorityEnd...].firstIndex { $0 == 0x3F || $0 == 0x23 } ?? bytes.count
        let fragmentStart = bytes[pathEnd...].firstIndex(of: 0x23)
        let hostStart = bytes[authorityStart..<authorityEnd].lastIndex(of: 0x40).map { $0 + 1 } ?? authorityStart
        let hasPort = bytes[hostStart..<authorityEnd].last != 0x5D && bytes[hostStart..<authorityEnd].contains(0x3A)

        func text(_ slices: [ArraySlice<UInt8>]) -> String {
            String(decoding: slices.joined(), as: UTF8.self)
        }
        let head = bytes[..<hostStart], host = bytes[hostStart..<authorityEnd]
        let path = bytes[authorityEnd..<pathEnd], rest = bytes[pathEnd...]

        let upperHost = host.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        all.append(("upper-case host", text([head, upperHost[...], path, rest])))
        if !hasPort {
            let port = Array((isHTTPS ? ":443" : ":80").utf8)
            all.append(("default port", text([head, host, port[...], path, rest])))
        }
        if fragmentStart == nil {
            all.append(("fragment", canonical + "#section"))
        }
        let beforeFragment = bytes[..<(fragmentStart ?? bytes.count)], fragment = bytes[(fragmentStart ?? bytes.count)...]
        let tracking = Array((bytes[pathEnd..<(fragmentStart ?? bytes.count)].isEmpty ? "?utm_source=fuzz" : "&fbclid=1").utf8)
        all.append(("tracking parameter", text([beforeFragment, tracking[...], fragment])))
        let detour = Array("/fuzz/..".utf8)
        all.append(("dot segments", text([bytes[..<authorityEnd], detour[...], path, rest])))
        if let letter = Self.firstUnescapedAlphanumeric(in: path) {
            let hex = Array("0123456789abcdef".utf8)
            let escape = [0x25, hex[Int(bytes[letter] >> 4)], hex[Int(bytes[letter] & 0x0F)]]
            all.append(("escaped unreserved", text([bytes[..<letter], escape[...], bytes[(letter + 1)...]])))
        }
    }

    /// The index of the first letter or digit in `path` that is not part of an escape.
    private static func firstUnescapedAlphanumeric(in path: ArraySlice<UInt8>) -> Int? {
        var index = path.startIndex
        while index < path.endIndex {
            let byte = path[index]
            if byte == 0x25 {
                index += 3
                continue
            }
            if (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) { return index }
            index += 1
        }
        return nil
    }
}

/// Makes the links inside an HTML fragment absolute: every relative URL in an attribute
/// that holds one (`a href`, `img src`, …, feedparser's list) is resolved against the
/// fragment's base and written back. The rest of the markup is left byte for byte.
enum HTMLLinkResolver {
    /// `html` with relative URL attributes resolved against `base`; nil when nothing changed.
    static func resolvingLinks(in html: [UInt8], base: String) -> [UInt8]? {
        // feedparser keeps a link as written when resolving would not make it absolute.
        guard SafeURL.hasAcceptableScheme(base) else { return nil }
        var output: [UInt8] = []
        var copiedUpTo = 0
        var index = 0
        let count = html.count
        while index < count {
            guard let open = html[index...].firstIndex(of: UInt8(ascii: "<")) else { break }
            var cursor = open + 1
            let nameStart = cursor
            while cursor < count, isNameByte(html[cursor]) { cursor += 1 }
            guard cursor > nameStart, DateText.isLetter(html[nameStart]) else {
                index = open + 1
                continue
            }
            guard cursor - nameStart <= 10, let attributes = urlAttributes(lowercased(html[nameStart..<cursor])) else {
                index = cursor
                continue
            }
            // Walk the attributes up to the end of the start tag.
            while cursor < count {
                while cursor < count, DateText.isSpace(html[cursor]) || html[cursor] == UInt8(ascii: "/") { cursor += 1 }
                guard cursor < count, html[cursor] != UInt8(ascii: ">") else { break }
                let attributeStart = cursor
                while cursor < count, !DateText.isSpace(html[cursor]),
                      html[cursor] != UInt8(ascii: "="), html[cursor] != UInt8(ascii: ">") { cursor += 1 }
                let attributeName = lowercased(html[attributeStart..<cursor])
                while cursor < count, DateText.isSpace(html[cursor]) { cursor += 1 }
                guard cursor < count, html[cursor] == UInt8(ascii: "=") else { continue }
                cursor += 1
                while cursor < count, DateText.isSpace(html[cursor]) { cursor += 1 }
                guard cursor < count else { break }
                // The value without quotes, and the span it takes with them.
                let valueRange: Range<Int>
                let outerRange: Range<Int>
                let quote = html[cursor]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let end = html[(cursor + 1)...].firstIndex(of: quote) ?? count
                    valueRange = (cursor + 1)..<end
                    outerRange = cursor..<min(end + 1, count)
                } else {
                    var end = cursor
                    while end < count, !DateText.isSpace(html[end]), html[end] != UInt8(ascii: ">") { end += 1 }
                    valueRange = cursor..<end
                    outerRange = valueRange
                }
                cursor = outerRange.upperBound
                guard attributes.contains(attributeName),
                      let replacement = resolved(html[valueRange], base: base) else { continue }
                output.append(contentsOf: html[copiedUpTo..<outerRange.lowerBound])
                output.append(UInt8(ascii: "\""))
                output.append(contentsOf: replacement)
                output.append(UInt8(ascii: "\""))
                copiedUpTo = outerRange.upperBound
            }
            index = cursor
        }
        guard copiedUpTo > 0 else { return nil }
        output.append(contentsOf: html[copiedUpTo...])
        return output
    }

    /// The escaped absolute form of a relative URL attribute value, nil when it is absolute.
    private static func resolved(_ raw: ArraySlice<UInt8>, base: String) -> [UInt8]? {
        let value = String(decoding: raw, as: UTF8.self)
        let reference = HTMLEntities.decodingReferences(value).trimmingASCIIWhitespace()
        guard !reference.isEmpty, !hasScheme(reference) else { return nil }
        let absolute = LinkResolution.resolve(reference, against: base)
        guard absolute != reference else { return nil }
        return HTMLEntities.escapingAttribute(absolute)
    }

    /// True when the reference starts with `scheme:` (RFC 3986).
    static func hasScheme(_ reference: String) -> Bool {
        var sawLetter = false
        for byte in reference.utf8 {
            if byte == UInt8(ascii: ":") { return sawLetter }
            let allowed = DateText.isLetter(byte)
                || (sawLetter && (DateText.isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")))
            guard allowed else { return false }
            sawLetter = true
        }
        return false
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        DateText.isLetter(byte) || DateText.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
    }

    /// The name lowercased (a small string: no allocation for tag and attribute names).
    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The attributes of an element that hold a URL (feedparser's list); nil for others.
    /// A switch on short strings, cheaper here than hashing.
    private static func urlAttributes(_ tag: String) -> [String]? {
        switch tag {
        case "a", "area", "link": return ["href"]
        case "img": return ["src", "longdesc", "usemap"]
        case "audio", "script", "source": return ["src"]
        case "video": return ["src", "poster"]
        case "iframe", "frame": return ["src", "longdesc"]
        case "blockquote", "q", "del", "ins": return ["cite"]
        case "input": return ["src", "usemap"]
        case "object": return ["data", "classid", "codebase", "usemap"]
        case "applet": return ["codebase"]
        case "form": return ["action"]
        case "body": return ["background"]
        case "head": return ["profile"]
        default: return nil
        }
    }
}

import Glibc

/// Makes the links inside an HTML fragment absolute: every relative URL in an attribute
/// that holds one (`a href`, `img src`, …, feedparser's list) is resolved against the
/// fragment's base and written back. The rest of the markup is left byte for byte.
enum HTMLLinkResolver {
    /// `html` with relative URL attributes resolved against `base` within `budget`; nil when
    /// nothing changed.
    static func resolvingLinks(in html: UnsafeBufferPointer<UInt8>, base: String, budget: LinkBudget) -> [UInt8]? {
        // feedparser keeps a link as written when resolving would not make it absolute.
        guard SafeURL.hasAcceptableScheme(base), let start = html.baseAddress else { return nil }
        var output: [UInt8] = []
        var copiedUpTo = 0
        var index = 0
        let count = html.count
        while index < count {
            guard let found = memchr(start + index, Int32(UInt8(ascii: "<")), count - index) else { break }
            let open = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - start
            var cursor = open + 1
            let nameStart = cursor
            while cursor < count, isNameByte(html[cursor]) { cursor += 1 }
            guard cursor > nameStart, DateText.isLetter(html[nameStart]),
                  let attributes = urlAttributes(UnsafeBufferPointer(rebasing: html[nameStart..<cursor])) else {
                index = max(cursor, open + 1)
                continue
            }
            // Walk the attributes up to the end of the start tag.
            while cursor < count {
                while cursor < count, DateText.isSpace(html[cursor]) || html[cursor] == UInt8(ascii: "/") { cursor += 1 }
                guard cursor < count, html[cursor] != UInt8(ascii: ">") else { break }
                let attributeStart = cursor
                while cursor < count, !DateText.isSpace(html[cursor]),
                      html[cursor] != UInt8(ascii: "="), html[cursor] != UInt8(ascii: ">") { cursor += 1 }
                let attributeName = UnsafeBufferPointer(rebasing: html[attributeStart..<cursor])
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
                    var end = cursor + 1
                    while end < count, html[end] != quote { end += 1 }
                    valueRange = (cursor + 1)..<end
                    outerRange = cursor..<min(end + 1, count)
                } else {
                    var end = cursor
                    while end < count, !DateText.isSpace(html[end]), html[end] != UInt8(ascii: ">") { end += 1 }
                    valueRange = cursor..<end
                    outerRange = valueRange
                }
                cursor = outerRange.upperBound
                guard attributes.contains(where: { equalsIgnoringCase(attributeName, $0) }),
                      let replacement = resolved(UnsafeBufferPointer(rebasing: html[valueRange]), base: base, budget: budget)
                else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: html[copiedUpTo..<outerRange.lowerBound]))
                output.append(UInt8(ascii: "\""))
                output.append(contentsOf: replacement)
                output.append(UInt8(ascii: "\""))
                copiedUpTo = outerRange.upperBound
            }
            index = cursor
        }
        guard copiedUpTo > 0 else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: html[copiedUpTo...]))
        return output
    }

    /// The escaped absolute form of a relative URL attribute value, nil when it is absolute.
    private static func resolved(_ raw: UnsafeBufferPointer<UInt8>, base: String, budget: LinkBudget) -> [UInt8]? {
        let value = String(decoding: raw, as: UTF8.self)
        let reference = HTMLEntities.decodingReferences(value).trimmingASCIIWhitespace()
        guard !reference.isEmpty, !hasScheme(reference) else { return nil }
        // Escaping can write six bytes for one (`"` as `&quot;`).
        let absolute = LinkResolution.resolve(reference, against: base, within: budget, expansion: 6)
        guard absolute != reference else { return nil }
        let escaped = HTMLEntities.escapingAttribute(absolute)
        budget.spend(escaped.count - absolute.utf8.count)
        return escaped
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

    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for offset in 0..<bytes.count where bytes[offset] | 0x20 != expected[offset] { return false }
        return true
    }

    /// The attributes of an element that hold a URL (feedparser's list); nil for others.
    /// Compared byte by byte: no string is made for the many tags that have none.
    private static func urlAttributes(_ tag: UnsafeBufferPointer<UInt8>) -> [StaticString]? {
        switch tag.count {
        case 1:
            if equalsIgnoringCase(tag, "a") { return ["href"] }
            if equalsIgnoringCase(tag, "q") { return ["cite"] }
        case 3:
            if equalsIgnoringCase(tag, "img") { return ["src", "longdesc", "usemap"] }
            if equalsIgnoringCase(tag, "del") || equalsIgnoringCase(tag, "ins") { return ["cite"] }
        case 4:
            if equalsIgnoringCase(tag, "area") || equalsIgnoringCase(tag, "link") { return ["href"] }
            if equalsIgnoringCase(tag, "form") { return ["action"] }
            if equalsIgnoringCase(tag, "body") { return ["background"] }
            if equalsIgnoringCase(tag, "head") { return ["profile"] }
        case 5:
            if equalsIgnoringCase(tag, "audio") { return ["src"] }
            if equalsIgnoringCase(tag, "video") { return ["src", "poster"] }
            if equalsIgnoringCase(tag, "frame") { return ["src", "longdesc"] }
            if equalsIgnoringCase(tag, "input") { return ["src", "usemap"] }
        case 6:
            if equalsIgnoringCase(tag, "script") || equalsIgnoringCase(tag, "source") { return ["src"] }
            if equalsIgnoringCase(tag, "iframe") { return ["src", "longdesc"] }
            if equalsIgnoringCase(tag, "object") { return ["data", "classid", "codebase", "usemap"] }
            if equalsIgnoringCase(tag, "applet") { return ["codebase"] }
        case 10:
            if equalsIgnoringCase(tag, "blockquote") { return ["cite"] }
        default:
            break
        }
        return nil
    }
}

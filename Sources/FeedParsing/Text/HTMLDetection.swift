import CLibXML2

/// Guesses whether text in a nominally plain-text RSS element is really HTML, with
/// feedparser's conservative test: it needs a closing tag or an entity reference, every tag
/// must be a common HTML element and every entity an HTML entity.
enum HTMLDetection {
    static func looksLikeHTML(_ text: ArraySlice<UInt8>) -> Bool {
        var sawEvidence = false
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "<") {
                var cursor = index + 1
                let closing = cursor < text.endIndex && text[cursor] == UInt8(ascii: "/")
                if closing { cursor += 1 }
                let nameStart = cursor
                while cursor < text.endIndex, isWordByte(text[cursor]) { cursor += 1 }
                if cursor > nameStart {
                    let name = String(decoding: text[nameStart..<cursor], as: UTF8.self).lowercased()
                    guard acceptableElements.contains(name) else { return false }
                    if closing, cursor < text.endIndex, text[cursor] == UInt8(ascii: ">") { sawEvidence = true }
                }
                index = max(cursor, index + 1)
            } else if byte == UInt8(ascii: "&") {
                var cursor = index + 1
                let numeric = cursor < text.endIndex && text[cursor] == UInt8(ascii: "#")
                if numeric { cursor += 1 }
                let nameStart = cursor
                while cursor < text.endIndex, isWordByte(text[cursor]) { cursor += 1 }
                if cursor > nameStart, cursor < text.endIndex, text[cursor] == UInt8(ascii: ";") {
                    sawEvidence = true
                    if !numeric {
                        let name = Array(text[nameStart..<cursor]) + [0]
                        guard htmlEntityLookup(name) != nil else { return false }
                    }
                }
                index = max(cursor, index + 1)
            } else {
                index += 1
            }
        }
        return sawEvidence
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        DateText.isLetter(byte) || DateText.isDigit(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static let acceptableElements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote",
        "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command",
        "datagrid", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em",
        "event-source", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd", "keygen", "label", "legend",
        "li", "m", "map", "menu", "meter", "multicol", "nav", "nextid", "noscript", "ol", "optgroup",
        "option", "output", "p", "pre", "progress", "q", "s", "samp", "section", "select", "small",
        "sound", "source", "spacer", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td",
        "textarea", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video",
    ]
}

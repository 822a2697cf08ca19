/// Byte-level repair of the mistakes that make libxml2 lose text in otherwise readable
/// feeds: a bare `&` (`?a=1&b=2`), a `&#X41;` with an upper-case X, a `<` that starts no
/// tag (`a < b`). CDATA sections, comments and processing instructions are left alone.
enum XMLRepair {
    /// libxml2 errors that a repaired copy can avoid.
    static func isRepairable(_ code: Int32) -> Bool {
        switch code {
        case 6, 7, 8, 9, 23, 38, 39, 68: return true
        default: return false
        }
    }

    /// A repaired copy of `bytes`, or nil when nothing needed repair.
    static func repaired(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        var copiedUpTo = 0
        var changed = false
        var index = 0
        let count = bytes.count
        func copy(upTo end: Int) {
            if !changed {
                output.reserveCapacity(count + count / 64)
                changed = true
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo..<end]))
            copiedUpTo = end
        }
        // Inside a tag, and inside a quoted attribute value (its quote character).
        var inTag = false
        var quote: UInt8 = 0
        while index < count {
            let byte = bytes[index]
            if inTag, quote == 0 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    inTag = false
                } else if byte == UInt8(ascii: "="), let (start, end) = unquotedValue(bytes, after: index) {
                    // An attribute value without quotes: quote it (HTML lets it run to the
                    // next white space or '>').
                    copy(upTo: start)
                    output.append(UInt8(ascii: "\""))
                    for valueByte in UnsafeBufferPointer(rebasing: bytes[start..<end]) {
                        switch valueByte {
                        case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
                        case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                        default: output.append(valueByte)
                        }
                    }
                    output.append(UInt8(ascii: "\""))
                    copiedUpTo = end
                    index = end
                    continue
                }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "<") {
                if quote == 0, let end = skippedSectionEnd(bytes, at: index) {
                    index = end
                    continue
                }
                if quote == 0, startsMarkup(bytes, after: index) {
                    inTag = true
                } else {
                    copy(upTo: index)
                    output.append(contentsOf: "&lt;".utf8)
                    copiedUpTo = index + 1
                }
                index += 1
            } else if byte == UInt8(ascii: "&") {
                switch reference(bytes, at: index) {
                case .valid:
                    index += 1
                case .upperHex:
                    copy(upTo: index)
                    output.append(contentsOf: "&#x".utf8)
                    copiedUpTo = index + 3
                    index += 3
                case .bare:
                    copy(upTo: index)
                    output.append(contentsOf: "&amp;".utf8)
                    copiedUpTo = index + 1
                    index += 1
                }
            } else {
                if byte == quote { quote = 0 }
                index += 1
            }
        }
        guard changed else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copiedUpTo...]))
        return output
    }

    /// The span of an unquoted attribute value after the `=` at `equals`, if it is one.
    private static func unquotedValue(_ bytes: UnsafeBufferPointer<UInt8>, after equals: Int) -> (Int, Int)? {
        var start = equals + 1
        while start < bytes.count, DateText.isSpace(bytes[start]) { start += 1 }
        guard start < bytes.count else { return nil }
        let first = bytes[start]
        guard first != UInt8(ascii: "\""), first != UInt8(ascii: "'"), first != UInt8(ascii: ">") else { return nil }
        var end = start
        while end < bytes.count, !DateText.isSpace(bytes[end]), bytes[end] != UInt8(ascii: ">") { end += 1 }
        return (start, end)
    }

    /// The end of a CDATA section, comment, processing instruction or declaration starting
    /// at `index`, whose content must not be touched.
    private static func skippedSectionEnd(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let rest = UnsafeBufferPointer(rebasing: bytes[index...])
        let terminator: [UInt8]
        if rest.starts(with: "<![CDATA[".utf8) {
            terminator = Array("]]>".utf8)
        } else if rest.starts(with: "<!--".utf8) {
            terminator = Array("-->".utf8)
        } else if rest.starts(with: "<?".utf8) {
            terminator = Array("?>".utf8)
        } else if rest.starts(with: "<!".utf8) {
            terminator = Array(">".utf8)
        } else {
            return nil
        }
        guard let found = find(terminator, in: bytes, from: index + 2) else { return bytes.count }
        return found + terminator.count
    }

    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            guard let candidate = bytes[index...].firstIndex(of: needle[0]) else { return nil }
            if candidate + needle.count <= bytes.count,
               UnsafeBufferPointer(rebasing: bytes[candidate..<(candidate + needle.count)]).elementsEqual(needle) {
                return candidate
            }
            index = candidate + 1
        }
        return nil
    }

    /// A `<` that begins a start tag, an end tag, or a `<!`/`<?` construct.
    private static func startsMarkup(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Bool {
        guard index + 1 < bytes.count else { return false }
        let next = bytes[index + 1]
        return DateText.isLetter(next) || next == UInt8(ascii: "_") || next == UInt8(ascii: ":")
            || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || next >= 0x80
    }

    private enum Reference { case valid, upperHex, bare }

    private static func reference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Reference {
        var cursor = index + 1
        guard cursor < bytes.count else { return .bare }
        if bytes[cursor] == UInt8(ascii: "#") {
            cursor += 1
            let upper = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "X")
            let hex = upper || (cursor < bytes.count && bytes[cursor] == UInt8(ascii: "x"))
            if hex { cursor += 1 }
            let digitsStart = cursor
            while cursor < bytes.count, cursor - digitsStart < 8,
                  DateText.isDigit(bytes[cursor]) || (hex && isHexLetter(bytes[cursor])) { cursor += 1 }
            guard cursor > digitsStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") else { return .bare }
            return upper ? .upperHex : .valid
        }
        let nameStart = cursor
        while cursor < bytes.count, cursor - nameStart < 64, isNameByte(bytes[cursor], first: cursor == nameStart) {
            cursor += 1
        }
        guard cursor > nameStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") else { return .bare }
        return .valid
    }

    private static func isHexLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f")
    }

    private static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        if DateText.isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80 { return true }
        return !first && (DateText.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "."))
    }
}

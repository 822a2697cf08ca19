import CLibXML2

/// Mends the references that make exported subscription lists fail as XML, where every reader
/// that wrote them reads them back: a bare `&` (`?a=1&b=2`) becomes `&amp;`, an HTML entity
/// (`&aelig;`, `&nbsp;`) its numeric reference, and any other unknown name stays literal text.
/// Comments and CDATA sections are left alone, and so are names a document declares itself
/// (`<!ENTITY`). Bytes are only inserted within lines, so errors still point at the right one.
enum ReferenceRepair {
    /// A mended copy, or nil when nothing needed mending.
    static func repaired(_ bytes: [UInt8]) -> [UInt8]? {
        // UTF-16 and UTF-32 documents hold NUL bytes: byte-wise ASCII edits would break them.
        guard !bytes.contains(0) else { return nil }
        let declaresEntities = contains(bytes, Array("<!ENTITY".utf8))
        var output: [UInt8] = []
        var copiedUpTo = 0
        var changed = false
        var index = 0
        func replace(upTo end: Int, resumingAt resume: Int, with replacement: [UInt8]) {
            if !changed { output.reserveCapacity(bytes.count + 64) }
            changed = true
            output.append(contentsOf: bytes[copiedUpTo..<end])
            output.append(contentsOf: replacement)
            copiedUpTo = resume
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), let end = skippedSectionEnd(bytes, at: index) {
                index = end
                continue
            }
            guard byte == UInt8(ascii: "&") else {
                index += 1
                continue
            }
            switch reference(bytes, at: index + 1) {
            case .character, .predefined:
                break
            case .named(let name, let end):
                if let scalar = htmlCharacter(name) {
                    replace(upTo: index, resumingAt: end, with: Array("&#\(scalar.value);".utf8))
                } else if !declaresEntities {
                    replace(upTo: index + 1, resumingAt: index + 1, with: Array("amp;".utf8))
                }
            case .none:
                replace(upTo: index + 1, resumingAt: index + 1, with: Array("amp;".utf8))
            }
            index += 1
        }
        guard changed else { return nil }
        output.append(contentsOf: bytes[copiedUpTo...])
        return output
    }

    private enum Reference {
        /// `&#123;` or `&#x1F;`.
        case character
        /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`.
        case predefined
        /// Any other `&name;`, ending just past the `;`.
        case named(String, end: Int)
        /// A bare ampersand.
        case none
    }

    private static func reference(_ bytes: [UInt8], at start: Int) -> Reference {
        var index = start
        guard index < bytes.count else { return .none }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            let hex = index < bytes.count && bytes[index] == UInt8(ascii: "x")
            if hex { index += 1 }
            let digitsStart = index
            while index < bytes.count, isDigit(bytes[index], hex: hex) { index += 1 }
            return index > digitsStart && index < bytes.count && bytes[index] == UInt8(ascii: ";") ? .character : .none
        }
        guard isNameStart(bytes[index]) else { return .none }
        index += 1
        while index < bytes.count, isNameStart(bytes[index]) || isDigit(bytes[index], hex: false)
                || bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: ".") {
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { return .none }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        if ["amp", "lt", "gt", "quot", "apos"].contains(name) { return .predefined }
        return .named(name, end: index + 1)
    }

    private static func htmlCharacter(_ name: String) -> Unicode.Scalar? {
        var chars = Array(name.utf8) + [0]
        return chars.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { htmlEntityLookup($0) }.flatMap { Unicode.Scalar($0.pointee.value) }
        }
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isDigit(_ byte: UInt8, hex: Bool) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (hex && ((byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)))
    }

    /// Just past a comment or CDATA section starting at `index`, or nil when none starts there.
    private static func skippedSectionEnd(_ bytes: [UInt8], at index: Int) -> Int? {
        for (opening, closing) in [("<!--", "-->"), ("<![CDATA[", "]]>")] where hasPrefix(bytes, Array(opening.utf8), at: index) {
            let closingBytes = Array(closing.utf8)
            var cursor = index + opening.utf8.count
            while cursor < bytes.count {
                if hasPrefix(bytes, closingBytes, at: cursor) { return cursor + closingBytes.count }
                cursor += 1
            }
            return bytes.count
        }
        return nil
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8], at index: Int) -> Bool {
        index + prefix.count <= bytes.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] && hasPrefix(bytes, needle, at: start) {
            return true
        }
        return false
    }
}

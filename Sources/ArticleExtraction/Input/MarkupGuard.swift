import Glibc

/// One linear pass over the markup before libxml2 sees it, for the one shape libxml2 2.9
/// handles in quadratic time that no callback can interrupt: a start tag with a great many
/// attributes (each new one is compared with every earlier one). It tokenizes as libxml2's
/// HTML parser does in recovery mode: comments, `<script>` and `<style>` content skipped,
/// quoted values read whole.
enum MarkupGuard {
    /// True when some start tag has more than `limit` attributes.
    static func hasTagWithMoreAttributes(than limit: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let end = bytes.count
        var index = 0
        while index < end {
            guard let found = memchr(base + index, 0x3C, end - index) else { return false }  // "<"
            index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
            guard index < end else { return false }
            let next = bytes[index]
            if next == UInt8(ascii: "!"), index + 2 < end, bytes[index + 1] == 0x2D, bytes[index + 2] == 0x2D {
                index = position(after: Array("-->".utf8), in: bytes, from: index + 3)
            } else if isLetter(next) {
                let nameStart = index
                while index < end, isNameByte(bytes[index]) { index += 1 }
                let rawText = rawTextElement(bytes[nameStart ..< index])
                var attributes = 0
                index = skipAttributes(bytes, from: index) { attributes += 1 }
                if attributes > limit { return true }
                if let rawText { index = position(after: rawText, in: bytes, from: index, caseInsensitive: true) }
            }
        }
        return false
    }

    /// Reads attributes up to the tag's `>`, calling `counted` once per attribute name; returns
    /// the index after the tag.
    private static func skipAttributes(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, counted: () -> Void) -> Int {
        let end = bytes.count
        var index = start
        while index < end {
            let byte = bytes[index]
            if PageSniffer.isSpace(byte) {
                index += 1
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            } else if byte == UInt8(ascii: "/"), index + 1 < end, bytes[index + 1] == UInt8(ascii: ">") {
                return index + 2
            } else if isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") {
                counted()
                while index < end, isNameByte(bytes[index]) { index += 1 }
                while index < end, PageSniffer.isSpace(bytes[index]) { index += 1 }
                guard index < end, bytes[index] == UInt8(ascii: "=") else { continue }
                index += 1
                while index < end, PageSniffer.isSpace(bytes[index]) { index += 1 }
                guard index < end else { return end }
                let quote = bytes[index]
                if quote == 0x22 || quote == 0x27 {
                    index += 1
                    while index < end, bytes[index] != quote { index += 1 }
                    index += 1
                } else {
                    while index < end, !PageSniffer.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                }
            } else {
                while index < end, !PageSniffer.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
            }
        }
        return end
    }

    /// The closing tag to skip to when `name` is `script` or `style`.
    private static func rawTextElement(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8]? {
        let lower = name.map { $0 | 0x20 }
        if lower.elementsEqual("script".utf8) { return Array("</script".utf8) }
        if lower.elementsEqual("style".utf8) { return Array("</style".utf8) }
        return nil
    }

    /// The index after the next occurrence of `pattern` at or after `start` (the end when none).
    private static func position(
        after pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int, caseInsensitive: Bool = false
    ) -> Int {
        guard let base = bytes.baseAddress, let first = pattern.first else { return bytes.count }
        var index = start
        while index + pattern.count <= bytes.count {
            guard let found = memchr(base + index, Int32(first), bytes.count - index) else { return bytes.count }
            index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            guard index + pattern.count <= bytes.count else { return bytes.count }
            if (1 ..< pattern.count).allSatisfy({ (caseInsensitive ? bytes[index + $0] | 0x20 : bytes[index + $0]) == pattern[$0] }) {
                return index + pattern.count
            }
            index += 1
        }
        return bytes.count
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
    }
}

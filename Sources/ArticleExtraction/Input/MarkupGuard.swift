import Glibc

/// One linear pass over the markup before libxml2 sees it, tokenizing as libxml2's HTML parser
/// does in recovery mode (comments, and `<script>` and `<style>` up to their end tag, skipped;
/// quoted attribute values read whole). It
///
/// - finds the one shape libxml2 2.9 handles in quadratic time that no callback can interrupt:
///   a start tag with a great many attributes (each new one is compared with every earlier one);
/// - drops what extraction never reads, so libxml2 does not read it character by character
///   either: comments, and the bodies of scripts (JSON-LD kept) and style sheets. On news pages
///   that is often half the bytes.
enum MarkupGuard {
    enum Outcome {
        /// The markup, without comments and script and style bodies (nil: nothing to drop).
        case markup([UInt8]?)
        /// A start tag has more attributes than the limit.
        case tooManyAttributes
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, attributeLimit: Int) -> Outcome {
        guard let base = bytes.baseAddress else { return .markup(nil) }
        let end = bytes.count
        var output: [UInt8]?
        var copied = 0  // bytes before this index are in `output` (or dropped)
        func drop(_ range: Range<Int>) {
            if output == nil { output = []; output?.reserveCapacity(end) }
            output?.append(contentsOf: bytes[copied ..< range.lowerBound])
            copied = range.upperBound
        }
        var index = 0
        while index < end {
            guard let found = memchr(base + index, 0x3C, end - index) else { break }  // "<"
            let open = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            index = open + 1
            guard index < end else { break }
            let next = bytes[index]
            if next == UInt8(ascii: "!"), index + 2 < end, bytes[index + 1] == 0x2D, bytes[index + 2] == 0x2D {
                index = position(after: Array("-->".utf8), in: bytes, from: index + 3)
                drop(open ..< index)
            } else if isLetter(next) {
                let nameStart = index
                while index < end, isNameByte(bytes[index]) { index += 1 }
                let rawText = rawTextElement(bytes[nameStart ..< index])
                var attributes = 0
                var isJSON = false
                index = skipAttributes(bytes, from: index) { name, value in
                    attributes += 1
                    if rawText != nil, name.count == 4, name.map({ $0 | 0x20 }).elementsEqual("type".utf8),
                       ByteSearch.contains(value, "json", caseInsensitive: true) {
                        isJSON = true
                    }
                }
                if attributes > attributeLimit { return .tooManyAttributes }
                if let rawText {
                    let closing = position(of: rawText, in: bytes, from: index)
                    if !isJSON, closing > index { drop(index ..< closing) }
                    index = closing
                }
            }
        }
        guard var result = output else { return .markup(nil) }
        result.append(contentsOf: bytes[copied...])
        return .markup(result)
    }

    /// Reads attributes up to the tag's `>`, calling `counted` with each name and value;
    /// returns the index after the tag.
    private static func skipAttributes(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int,
        counted: (Slice<UnsafeBufferPointer<UInt8>>, Slice<UnsafeBufferPointer<UInt8>>) -> Void
    ) -> Int {
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
                let nameStart = index
                while index < end, isNameByte(bytes[index]) { index += 1 }
                let name = bytes[nameStart ..< index]
                while index < end, PageSniffer.isSpace(bytes[index]) { index += 1 }
                guard index < end, bytes[index] == UInt8(ascii: "=") else {
                    counted(name, bytes[index ..< index])
                    continue
                }
                index += 1
                while index < end, PageSniffer.isSpace(bytes[index]) { index += 1 }
                guard index < end else { return end }
                let quote = bytes[index]
                let valueStart: Int
                if quote == 0x22 || quote == 0x27 {
                    index += 1
                    valueStart = index
                    while index < end, bytes[index] != quote { index += 1 }
                    counted(name, bytes[valueStart ..< min(index, end)])
                    index += 1
                } else {
                    valueStart = index
                    while index < end, !PageSniffer.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    counted(name, bytes[valueStart ..< index])
                }
            } else {
                while index < end, !PageSniffer.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
            }
        }
        return end
    }

    /// The closing tag that ends `name`'s raw text, when `name` is `script` or `style`.
    private static func rawTextElement(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8]? {
        if name.count == 6, name.map({ $0 | 0x20 }).elementsEqual("script".utf8) { return Array("</script".utf8) }
        if name.count == 5, name.map({ $0 | 0x20 }).elementsEqual("style".utf8) { return Array("</style".utf8) }
        return nil
    }

    /// The index after the next occurrence of `pattern` at or after `start` (the end when none).
    private static func position(after pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let found = position(of: pattern, in: bytes, from: start, caseInsensitive: false)
        return min(bytes.count, found + pattern.count)
    }

    /// The index of the next occurrence of `pattern` (ASCII, case-insensitive by default) at or
    /// after `start`; the end when none.
    private static func position(
        of pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int, caseInsensitive: Bool = true
    ) -> Int {
        guard let base = bytes.baseAddress, let first = pattern.first else { return bytes.count }
        var index = start
        while index + pattern.count <= bytes.count {
            guard let found = memchr(base + index, Int32(first), bytes.count - index) else { return bytes.count }
            index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            guard index + pattern.count <= bytes.count else { return bytes.count }
            if (1 ..< pattern.count).allSatisfy({ (caseInsensitive ? bytes[index + $0] | 0x20 : bytes[index + $0]) == pattern[$0] }) {
                return index
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

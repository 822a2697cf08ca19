/// What the first bytes of a document say about its encoding: a byte order mark, the
/// pattern `<?xm` in a non-ASCII-compatible encoding (XML 1.0 appendix F), and the
/// `encoding` pseudo-attribute of the XML declaration.
struct EncodingSniffer {
    /// Encoding named by a BOM or sniffed from `<?xm` (normalized charset name), if any.
    var sniffedEncoding: String?
    /// Bytes of BOM to skip.
    var byteOrderMarkLength = 0
    /// The XML declaration's encoding (normalized), if any.
    var declaredEncoding: String?

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let prefix = Array(bytes.prefix(4))
        func starts(_ pattern: [UInt8]) -> Bool { prefix.starts(with: pattern) }
        let twoZeros = prefix.count >= 4 && prefix[2] == 0 && prefix[3] == 0
        if starts([0x00, 0x00, 0xFE, 0xFF]) {
            (sniffedEncoding, byteOrderMarkLength) = ("utf-32be", 4)
        } else if starts([0xFF, 0xFE, 0x00, 0x00]) {
            (sniffedEncoding, byteOrderMarkLength) = ("utf-32le", 4)
        } else if starts([0xFE, 0xFF]), !twoZeros {
            (sniffedEncoding, byteOrderMarkLength) = ("utf-16be", 2)
        } else if starts([0xFF, 0xFE]), !twoZeros {
            (sniffedEncoding, byteOrderMarkLength) = ("utf-16le", 2)
        } else if starts([0xEF, 0xBB, 0xBF]) {
            (sniffedEncoding, byteOrderMarkLength) = ("utf-8", 3)
        } else if starts([0x4C, 0x6F, 0xA7, 0x94]) {
            sniffedEncoding = "cp037"
        } else if starts([0x00, 0x3C, 0x00, 0x3F]) {
            sniffedEncoding = "utf-16be"
        } else if starts([0x3C, 0x00, 0x3F, 0x00]) {
            sniffedEncoding = "utf-16le"
        } else if starts([0x00, 0x00, 0x00, 0x3C]) {
            sniffedEncoding = "utf-32be"
        } else if starts([0x3C, 0x00, 0x00, 0x00]) {
            sniffedEncoding = "utf-32le"
        }
        declaredEncoding = Self.declaration(in: bytes, after: byteOrderMarkLength, sniffed: sniffedEncoding)
        if let sniffed = sniffedEncoding, let declared = declaredEncoding,
           let form = CharsetName.unicodeForm(declared), form == .utf16 || form == .utf32 {
            // "utf-16" in the declaration means whichever byte order the BOM showed.
            declaredEncoding = sniffed
        }
    }

    /// The encoding pseudo-attribute of a leading `<?xml ...?>`, read from the first bytes
    /// decoded with the sniffed encoding (ASCII when none). White space before the
    /// declaration is tolerated.
    private static func declaration(in bytes: UnsafeBufferPointer<UInt8>, after skip: Int, sniffed: String?) -> String? {
        var head = Array(UnsafeBufferPointer(rebasing: bytes[min(skip, bytes.count)...]).prefix(1024))
        if let sniffed, sniffed != "utf-8" {
            let unit = sniffed.hasPrefix("utf-32") ? 4 : sniffed.hasPrefix("utf-16") ? 2 : 1
            head.removeLast(head.count % unit)
            let iconvName = sniffed == "cp037" ? "IBM037" : sniffed.uppercased()
            guard let converter = IconvConverter(from: iconvName),
                  let decoded = head.withUnsafeBufferPointer({ converter.convert($0) }) else { return nil }
            head = decoded
        }
        var index = 0
        while index < head.count, DateText.isSpace(head[index]) { index += 1 }
        guard head[index...].starts(with: "<?xml".utf8),
              let end = head[index...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        // Find `encoding` inside the declaration.
        let key = Array("encoding".utf8)
        var cursor = index + 5
        while cursor + key.count <= end, !head[cursor..<(cursor + key.count)].elementsEqual(key) { cursor += 1 }
        guard cursor + key.count <= end else { return nil }
        cursor += key.count
        while cursor < end, DateText.isSpace(head[cursor]) { cursor += 1 }
        guard cursor < end, head[cursor] == UInt8(ascii: "=") else { return nil }
        cursor += 1
        while cursor < end, DateText.isSpace(head[cursor]) { cursor += 1 }
        guard cursor < end, head[cursor] == UInt8(ascii: "\"") || head[cursor] == UInt8(ascii: "'") else { return nil }
        let valueStart = cursor + 1
        var valueEnd = valueStart
        while valueEnd < end, head[valueEnd] != UInt8(ascii: "\""), head[valueEnd] != UInt8(ascii: "'") { valueEnd += 1 }
        guard valueEnd < end, valueEnd > valueStart else { return nil }
        return CharsetName.normalized(String(decoding: head[valueStart..<valueEnd], as: UTF8.self))
    }
}

/// The `String` of a field's final bytes, with feedparser's legacy repairs applied when the
/// text can need them (it costs one scan when it cannot).
enum FieldText {
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard mayNeedRepair(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: LegacyTextRepair.repaired(Array(bytes)), as: UTF8.self)
    }

    /// True when the text has a C1 control character, or non-ASCII characters all below
    /// U+0100 (the signature of double-encoded UTF-8).
    static func mayNeedRepair(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var sawNonASCII = false
        var onlyLatin1 = true
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return false }
        while index < count {
            if index + 8 <= count,
               UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            sawNonASCII = true
            if byte == 0xC2, index + 1 < count, bytes[index + 1] < 0xA0 { return true }
            if byte >= 0xC0, byte != 0xC2, byte != 0xC3 { onlyLatin1 = false }
            index += 1
        }
        return sawNonASCII && onlyLatin1
    }
}

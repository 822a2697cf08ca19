/// White space trimming on UTF-8 bytes with Python's notion of white space (`str.strip()`),
/// which includes the no-break space and the other Unicode spaces.
enum TextTrimming {
    /// The range of `bytes` without leading and trailing white space.
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = 0
        var upper = bytes.count
        while lower < upper {
            let width = whitespaceWidth(bytes, at: lower)
            guard width > 0 else { break }
            lower += width
        }
        while upper > lower {
            let width = trailingWhitespaceWidth(bytes, before: upper)
            guard width > 0 else { break }
            upper -= width
        }
        return lower..<upper
    }

    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[trimmedRange(bytes)])
    }

    /// Length of the white space character starting at `index`, 0 when there is none.
    private static func whitespaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F) { return 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 || bytes[index + 1] == 0x85 { return 2 }
        if byte >= 0xE1, byte <= 0xE3, index + 2 < bytes.count,
           isWideSpace(byte, bytes[index + 1], bytes[index + 2]) { return 3 }
        return 0
    }

    private static func trailingWhitespaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        let last = bytes[end - 1]
        if last < 0x80 { return whitespaceWidth(bytes, at: end - 1) }
        if end >= 2, bytes[end - 2] == 0xC2, last == 0xA0 || last == 0x85 { return 2 }
        if end >= 3, isWideSpace(bytes[end - 3], bytes[end - 2], last) { return 3 }
        return 0
    }

    /// The three-byte Unicode spaces: U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
    /// U+205F, U+3000.
    private static func isWideSpace(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        switch (first, second) {
        case (0xE1, 0x9A): return third == 0x80
        case (0xE2, 0x80): return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF
        case (0xE2, 0x81): return third == 0x9F
        case (0xE3, 0x80): return third == 0x80
        default: return false
        }
    }
}

/// Repairs two mistakes publishers make with text, as feedparser repairs them:
/// UTF-8 that was read as ISO-8859-1 and encoded again ("â€¦" for "…"), and the
/// windows-1252 characters 0x80-0x9F written as C1 control characters (`&#146;` for ’).
enum LegacyTextRepair {
    /// `utf8` with both repairs applied; the input itself when neither applies.
    static func repaired(_ utf8: [UInt8]) -> [UInt8] {
        var text = utf8
        if let undone = undoingDoubleEncoding(text) { text = undone }
        if let mapped = mappingC1ToWindows1252(text) { text = mapped }
        return text
    }

    /// When every character is below U+0100 and those characters, taken as bytes, are
    /// valid UTF-8 with at least one multi-byte sequence, the text was double-encoded.
    static func undoingDoubleEncoding(_ utf8: [UInt8]) -> [UInt8]? {
        var sawNonASCII = false
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            guard byte == 0xC2 || byte == 0xC3, index + 1 < utf8.count else { return nil }
            sawNonASCII = true
            index += 2
        }
        guard sawNonASCII else { return nil }
        // Every character fits a byte: rebuild that byte string and see if it is UTF-8.
        var latin1: [UInt8] = []
        latin1.reserveCapacity(utf8.count)
        index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x80 {
                latin1.append(byte)
                index += 1
            } else {
                latin1.append(((byte & 0x03) << 6) | (utf8[index + 1] & 0x3F))
                index += 2
            }
        }
        let valid = latin1.withUnsafeBufferPointer { UTF8Scan($0).isValid }
        return valid ? latin1 : nil
    }

    /// Replaces U+0080-U+009F by the windows-1252 character of the same byte value (the
    /// five bytes windows-1252 leaves undefined stay as they are).
    static func mappingC1ToWindows1252(_ utf8: [UInt8]) -> [UInt8]? {
        guard let first = firstC1(utf8) else { return nil }
        var output = Array(utf8[..<first])
        output.reserveCapacity(utf8.count + 16)
        var index = first
        while index < utf8.count {
            let byte = utf8[index]
            if byte == 0xC2, index + 1 < utf8.count, utf8[index + 1] >= 0x80, utf8[index + 1] <= 0x9F,
               let scalar = windows1252[Int(utf8[index + 1] - 0x80)] {
                output.append(contentsOf: String(Character(scalar)).utf8)
                index += 2
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    private static func firstC1(_ utf8: [UInt8]) -> Int? {
        var index = 0
        while index + 1 < utf8.count {
            if utf8[index] == 0xC2, utf8[index + 1] >= 0x80, utf8[index + 1] <= 0x9F,
               windows1252[Int(utf8[index + 1] - 0x80)] != nil {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Windows-1252 characters for bytes 0x80-0x9F (nil where it defines none).
    private static let windows1252: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}

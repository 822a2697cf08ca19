/// Byte-level helpers shared by the date parsers. Dates are short ASCII strings, so the
/// parsers work on lowercased byte arrays rather than on `String`.
enum DateText {
    typealias Bytes = ArraySlice<UInt8>

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    /// The ASCII-lowercased UTF-8 bytes of `text`.
    static func lowercasedBytes(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A {
            bytes[index] |= 0x20
        }
        return bytes
    }

    /// Splits on runs of white space, dropping empty pieces (Python's `str.split()`).
    static func splitOnWhitespace(_ bytes: Bytes) -> [Bytes] {
        var pieces: [Bytes] = []
        var start: Int?
        for index in bytes.indices {
            if isSpace(bytes[index]) {
                if let begin = start { pieces.append(bytes[begin..<index]); start = nil }
            } else if start == nil {
                start = index
            }
        }
        if let begin = start { pieces.append(bytes[begin..<bytes.endIndex]) }
        return pieces
    }

    /// Splits on every `separator`, keeping empty pieces, at most `maxSplits` times
    /// (Python's `str.split(sep, maxsplit)`).
    static func split(_ bytes: Bytes, on separator: UInt8, maxSplits: Int = .max) -> [Bytes] {
        var pieces: [Bytes] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == separator, pieces.count < maxSplits {
                pieces.append(bytes[start..<index])
                start = index + 1
            }
            index += 1
        }
        pieces.append(bytes[start..<bytes.endIndex])
        return pieces
    }

    static func trimmed(_ bytes: Bytes) -> Bytes {
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return bytes[lower..<upper]
    }

    /// Python's `int(text)`: optional surrounding white space, an optional sign, decimal
    /// digits (single underscores allowed between them).
    static func integer(_ bytes: Bytes) -> Int? {
        var digits = trimmed(bytes)
        var negative = false
        if let first = digits.first, first == 0x2B || first == 0x2D {
            negative = first == 0x2D
            digits = digits.dropFirst()
        }
        guard let first = digits.first, isDigit(first), let last = digits.last, isDigit(last),
              digits.count <= 18 else { return nil }
        var value = 0
        var previousWasUnderscore = false
        for byte in digits {
            if byte == 0x5F {
                if previousWasUnderscore { return nil }
                previousWasUnderscore = true
                continue
            }
            guard isDigit(byte) else { return nil }
            previousWasUnderscore = false
            value = value * 10 + Int(byte - 0x30)
        }
        return negative ? -value : value
    }

    /// Python's `int(float(text))` for plain decimal numbers: the integer part of
    /// `[sign]digits[.digits]` (either side of the point may be empty, not both).
    static func truncatedDecimal(_ bytes: Bytes) -> Int? {
        var text = trimmed(bytes)
        var negative = false
        if let first = text.first, first == 0x2B || first == 0x2D {
            negative = first == 0x2D
            text = text.dropFirst()
        }
        guard !text.isEmpty, text.count <= 30 else { return nil }
        var value = 0
        var sawDigit = false
        var afterPoint = false
        for byte in text {
            if byte == 0x2E {
                if afterPoint { return nil }
                afterPoint = true
            } else if isDigit(byte) {
                sawDigit = true
                if !afterPoint { value = value &* 10 &+ Int(byte - 0x30) }
            } else {
                return nil
            }
        }
        guard sawDigit, value < 1 << 40 else { return nil }
        return negative ? -value : value
    }

    static func equals(_ bytes: Bytes, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        var offset = 0
        for byte in bytes {
            if byte != pointer[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Month number of an English month name or its first three letters (lowercase).
    static func month(_ bytes: Bytes) -> Int? {
        guard bytes.count >= 3 else { return nil }
        let start = bytes.startIndex
        switch (bytes[start], bytes[start + 1], bytes[start + 2]) {
        case (0x6A, 0x61, 0x6E): return 1   // jan
        case (0x66, 0x65, 0x62): return 2   // feb
        case (0x6D, 0x61, 0x72): return 3   // mar
        case (0x61, 0x70, 0x72): return 4   // apr
        case (0x6D, 0x61, 0x79): return 5   // may
        case (0x6A, 0x75, 0x6E): return 6   // jun
        case (0x6A, 0x75, 0x6C): return 7   // jul
        case (0x61, 0x75, 0x67): return 8   // aug
        case (0x73, 0x65, 0x70): return 9   // sep
        case (0x6F, 0x63, 0x74): return 10  // oct
        case (0x6E, 0x6F, 0x76): return 11  // nov
        case (0x64, 0x65, 0x63): return 12  // dec
        default: return nil
        }
    }

    /// True when the first three letters (lowercase) name a weekday.
    static func isDayName(_ bytes: Bytes) -> Bool {
        guard bytes.count >= 3 else { return false }
        let start = bytes.startIndex
        switch (bytes[start], bytes[start + 1], bytes[start + 2]) {
        case (0x6D, 0x6F, 0x6E), (0x74, 0x75, 0x65), (0x77, 0x65, 0x64), (0x74, 0x68, 0x75),
             (0x66, 0x72, 0x69), (0x73, 0x61, 0x74), (0x73, 0x75, 0x6E):
            return true
        default:
            return false
        }
    }
}

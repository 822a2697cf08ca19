/// Checks UTF-8 and mends what libxml2 would stumble on: invalid bytes (read as
/// windows-1252) and control characters other than tab, line feed and carriage return.
enum UTF8Repair {
    /// Nil when `bytes` are valid UTF-8 free of such control characters (no copy needed);
    /// otherwise the mended text.
    static func repaired(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let first = firstProblem(bytes) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        output.append(contentsOf: bytes[..<first])
        var index = first
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                output.append(isForbiddenControl(byte) ? 0x20 : byte)
                index += 1
            } else if let length = sequenceLength(bytes, at: index) {
                output.append(contentsOf: bytes[index ..< index + length])
                index += length
            } else {
                Windows1252.append(byte, to: &output)
                index += 1
            }
        }
        return output
    }

    /// True when `bytes` are valid UTF-8 and hold at least one multi-byte character.
    static func isValidWithMultibyte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var sawMultibyte = false
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            guard let length = sequenceLength(bytes, at: index) else { return false }
            sawMultibyte = true
            index += length
        }
        return sawMultibyte
    }

    /// The offset of the first invalid byte or forbidden control character, if any. Eight
    /// bytes at a time while they are printable ASCII.
    private static func firstProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index < bytes.count {
            if index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let highBits: UInt64 = 0x8080_8080_8080_8080
                let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & highBits
                if word & highBits == 0, belowSpace == 0 {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte < 0x80 {
                if isForbiddenControl(byte) { return index }
                index += 1
            } else if let length = sequenceLength(bytes, at: index) {
                index += length
            } else {
                return index
            }
        }
        return nil
    }

    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    /// The length of the valid UTF-8 sequence starting at `index`, or nil (overlong forms,
    /// surrogates and code points past U+10FFFF are invalid).
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : nil
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : nil
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default:
            return nil
        }
    }
}

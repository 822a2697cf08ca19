/// One pass over UTF-8 bytes: are they valid UTF-8, and do they hold characters XML 1.0
/// forbids (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF)?
struct UTF8Scan: Equatable {
    /// Offset of the first byte that is not valid UTF-8; nil when the bytes are valid.
    var firstInvalidOffset: Int?
    /// True when the only problem is a multi-byte sequence cut off by the end of the data.
    var isTruncatedAtEnd = false
    /// True when a character XML forbids occurs.
    var hasForbiddenCharacters = false

    var isValid: Bool { firstInvalidOffset == nil }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return }
        var index = 0
        while index < count {
            // Eight ASCII bytes at a time; the few below 0x20 (mostly line ends) are looked
            // at one by one.
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                if word & high == 0 {
                    let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & high
                    if belowSpace != 0, !hasForbiddenCharacters {
                        for offset in 0..<8 {
                            let byte = base[index + offset]
                            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { hasForbiddenCharacters = true }
                        }
                    }
                    index += 8
                    continue
                }
            }
            let lead = base[index]
            if lead < 0x80 {
                if lead < 0x20, lead != 0x09, lead != 0x0A, lead != 0x0D { hasForbiddenCharacters = true }
                index += 1
                continue
            }
            let length: Int
            var lowerBound: UInt8 = 0x80
            var upperBound: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowerBound = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; upperBound = 0x9F
            case 0xF0: length = 4; lowerBound = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upperBound = 0x8F
            default:
                firstInvalidOffset = index
                return
            }
            for offset in 1..<length {
                guard index + offset < count else {
                    firstInvalidOffset = index
                    isTruncatedAtEnd = true
                    return
                }
                let byte = base[index + offset]
                let low = offset == 1 ? lowerBound : 0x80
                let high = offset == 1 ? upperBound : 0xBF
                guard byte >= low, byte <= high else {
                    firstInvalidOffset = index
                    return
                }
            }
            if lead == 0xEF, base[index + 1] == 0xBF, base[index + 2] >= 0xBE { hasForbiddenCharacters = true }
            index += length
        }
    }

    /// A copy of valid UTF-8 `bytes` without the characters XML forbids.
    static func removingForbiddenCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                index += 1
                continue
            }
            if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE {
                index += 3
                continue
            }
            result.append(byte)
            index += 1
        }
        return result
    }
}

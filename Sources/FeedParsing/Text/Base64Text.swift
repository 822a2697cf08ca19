/// Base64 content (Atom `mode="base64"` or a non-text, non-XML type) decoded the lenient way
/// Python's `base64.decodebytes` does: characters outside the alphabet are skipped, decoding
/// ends at complete padding, and incomplete data is an error.
enum Base64Text {
    /// The decoded bytes, or nil when the data is not base64.
    static func decode<Bytes: Sequence>(_ text: Bytes) -> [UInt8]? where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(text.underestimatedCount * 3 / 4)
        var accumulator: UInt32 = 0
        var quadPosition = 0
        var pads = 0
        for byte in text {
            if byte == UInt8(ascii: "=") {
                guard quadPosition >= 2 else { continue }
                pads += 1
                if quadPosition + pads >= 4 {
                    // Complete padding: flush the one or two bytes the partial quad holds.
                    if quadPosition == 2 {
                        output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
                    } else {
                        output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
                        output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
                    }
                    return output
                }
                continue
            }
            guard let value = sextet(byte) else { continue }
            pads = 0
            accumulator = accumulator << 6 | UInt32(value)
            quadPosition += 1
            if quadPosition == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                quadPosition = 0
            }
        }
        return quadPosition == 0 ? output : nil
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}

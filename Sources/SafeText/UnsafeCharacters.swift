/// The characters feedd never writes raw where people read (the ingest log, a terminal): C0
/// controls and DEL (an escape sequence can rewrite the screen), C1 controls, the line and
/// paragraph separators U+2028/U+2029 (they break lines for some readers), and the bidirectional
/// controls U+061C, U+200E/U+200F, U+202A–U+202E and U+2066–U+2069 (they can make a line read
/// as something it is not).
public enum UnsafeCharacters {
    /// Whether `scalar` is one of them.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The length in bytes of the unsafe character that starts at `index` of UTF-8 `bytes`, or 0.
    /// Byte-wise, so that clean text (nearly all of it) costs a comparison or two per byte.
    @inline(__always)
    public static func unsafeLength(at index: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        let byte = bytes[index]
        if byte < 0x20 || byte == 0x7F { return 1 }
        guard byte == 0xC2 || byte == 0xD8 || byte == 0xE2, index + 1 < bytes.count else { return 0 }
        let second = bytes[index + 1]
        switch byte {
        case 0xC2: return (0x80...0x9F).contains(second) ? 2 : 0  // C1 controls
        case 0xD8: return second == 0x9C ? 2 : 0  // U+061C
        default:
            guard index + 2 < bytes.count else { return 0 }
            let third = bytes[index + 2]
            if second == 0x80, third == 0x8E || third == 0x8F || (0xA8...0xAE).contains(third) { return 3 }
            if second == 0x81, (0xA6...0xA9).contains(third) { return 3 }
            return 0
        }
    }

    /// Whether `text` holds any of them.
    public static func occur(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            for index in bytes.indices where unsafeLength(at: index, in: bytes) > 0 { return true }
            return false
        }
    }

    /// Appends the visible escape of `scalar`: `\n`, `\r`, `\t`, `\xHH` below U+0080, else `\u{HHHH}`.
    public static func appendEscape(of scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            if scalar.value < 0x80 {
                out += "\\x" + (hex.count < 2 ? "0" : "") + hex
            } else {
                out += "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
            }
        }
    }

    /// `text` with each unsafe character replaced by its escape; everything else as it is.
    public static func escaped(_ text: String) -> String {
        guard occur(in: text) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) { appendEscape(of: scalar, to: &out) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}

/// A set of ASCII bytes as a 128-bit mask: membership in a few instructions, for loops that
/// test every byte of a URL.
struct ByteSet: Sendable {
    private let low: UInt64   // bytes 0–63
    private let high: UInt64  // bytes 64–127

    /// The ASCII bytes for which `isMember` holds.
    init(_ isMember: (UInt8) -> Bool) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for byte in UInt8(0)..<128 where isMember(byte) {
            if byte < 64 { low |= 1 << byte } else { high |= 1 << (byte - 64) }
        }
        self.low = low
        self.high = high
    }

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// Whether `byte` is in the set; never for non-ASCII bytes.
    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        if byte < 64 { return (low >> byte) & 1 != 0 }
        return byte < 128 && (high >> (byte &- 64)) & 1 != 0
    }

    /// The set without the upper-case letters A–Z (bytes 65–90).
    var withoutUppercaseLetters: ByteSet {
        ByteSet(low: low, high: high & ~(0x03FF_FFFF << 1))
    }
}

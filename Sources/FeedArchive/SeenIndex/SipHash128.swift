/// SipHash-2-4 with a 128-bit output (Aumasson and Bernstein), keyed with 128 bits.
///
/// The seen-index stores these hashes of dedup keys; a random key per index file means a hostile
/// feed cannot choose URLs whose hashes collide with another item's and so get it dropped.
struct SipHash128: Sendable, Equatable {
    let key0: UInt64
    let key1: UInt64

    /// The hash of `bytes`: the first eight output bytes (little-endian) in `low`, the rest in `high`.
    func hash(_ bytes: UnsafeRawBufferPointer) -> SeenKey {
        var state = State(key0: key0, key1: key1)
        let wholeWords = bytes.count / 8
        for word in 0 ..< wholeWords {
            state.compress(bytes.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self).littleEndian)
        }
        var last = UInt64(truncatingIfNeeded: bytes.count) << 56
        for index in stride(from: bytes.count - 1, through: wholeWords * 8, by: -1) {
            last |= UInt64(bytes[index]) << UInt64(8 * (index - wholeWords * 8))
        }
        state.compress(last)
        return state.finalize()
    }

    /// The four words of SipHash's internal state.
    private struct State {
        var v0, v1, v2, v3: UInt64

        init(key0: UInt64, key1: UInt64) {
            v0 = key0 ^ 0x736f_6d65_7073_6575
            v1 = key1 ^ 0x646f_7261_6e64_6f6d ^ 0xee // the 0xee marks 128-bit output
            v2 = key0 ^ 0x6c79_6765_6e65_7261
            v3 = key1 ^ 0x7465_6462_7974_6573
        }

        mutating func compress(_ message: UInt64) {
            v3 ^= message
            round()
            round()
            v0 ^= message
        }

        mutating func finalize() -> SeenKey {
            v2 ^= 0xee
            for _ in 0 ..< 4 { round() }
            let low = v0 ^ v1 ^ v2 ^ v3
            v1 ^= 0xdd
            for _ in 0 ..< 4 { round() }
            return SeenKey(low: low, high: v0 ^ v1 ^ v2 ^ v3)
        }

        private mutating func round() {
            v0 &+= v1; v1 = rotate(v1, 13); v1 ^= v0; v0 = rotate(v0, 32)
            v2 &+= v3; v3 = rotate(v3, 16); v3 ^= v2
            v0 &+= v3; v3 = rotate(v3, 21); v3 ^= v0
            v2 &+= v1; v1 = rotate(v1, 17); v1 ^= v2; v2 = rotate(v2, 32)
        }

        private func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
            (value << bits) | (value >> (64 - bits))
        }
    }
}

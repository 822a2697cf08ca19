/// A blocked Bloom filter over seen keys: one 64-byte block (a cache line) per lookup, four bits
/// set in it per key, ten bits a key in all (about 1 % false positives).
///
/// It is what lets the seen-index keep its keys on disk: a key that was never archived (every
/// item of a cold poll) is answered from memory, and only keys that pass the filter cost a read
/// of the run file. Keys are SipHash outputs, uniform already, so their own bits pick the block
/// and the bits in it.
final class SeenFilter: @unchecked Sendable {
    /// 512 bits a block.
    static let wordsPerBlock = 8
    static let bitsPerKey = 10

    /// Written only while the filter is being built, before it is shared (hence `@unchecked`).
    let words: UnsafeMutableBufferPointer<UInt64>
    let blockCount: Int

    /// An empty filter sized for `keyCount` keys.
    init(keyCount: Int) {
        blockCount = max(1, (keyCount * Self.bitsPerKey + 511) / 512)
        words = .allocate(capacity: blockCount * Self.wordsPerBlock)
        words.initialize(repeating: 0)
    }

    /// A filter of `blockCount` blocks whose words `fill` writes (read from a run file).
    init(blockCount: Int, fill: (UnsafeMutableRawBufferPointer) throws(ArchiveError) -> Void) throws(ArchiveError) {
        self.blockCount = max(1, blockCount)
        words = .allocate(capacity: self.blockCount * Self.wordsPerBlock)
        words.initialize(repeating: 0)
        try fill(UnsafeMutableRawBufferPointer(words))
    }

    deinit {
        words.deallocate()
    }

    /// Bytes the filter takes in memory (and in its run file).
    var byteCount: Int { words.count * 8 }

    func insert(_ key: SeenKey) {
        let base = block(of: key)
        var bits = key.high
        for _ in 0 ..< 4 {
            let bit = Int(bits & 511)
            words[base + bit >> 6] |= UInt64(1) << UInt64(bit & 63)
            bits >>= 9
        }
    }

    /// False when `key` was certainly never inserted.
    func mayContain(_ key: SeenKey) -> Bool {
        let base = block(of: key)
        var bits = key.high
        for _ in 0 ..< 4 {
            let bit = Int(bits & 511)
            guard words[base + bit >> 6] & (UInt64(1) << UInt64(bit & 63)) != 0 else { return false }
            bits >>= 9
        }
        return true
    }

    /// The first word of `key`'s block: `low` scaled onto the block count (no modulo bias).
    private func block(of key: SeenKey) -> Int {
        Int(key.low.multipliedFullWidth(by: UInt64(blockCount)).high) * Self.wordsPerBlock
    }
}

/// Where each key would lie in a sorted run of keys, from the top bits of its `high` word: the
/// run is cut into 2^bits buckets by those bits and the directory holds where each bucket starts.
///
/// Keys are SipHash outputs, uniform over 128 bits, so with about 16–32 keys a bucket a lookup
/// binary-searches a few hundred bytes (one or two cache misses) instead of the whole run (about
/// 19 probes at 300,000 keys), for about half a byte a key. Skewed keys (a forged index file)
/// only make buckets uneven: a search stays logarithmic.
struct SeenKeyDirectory {
    /// `starts[b]` is the first slot of bucket b; `starts[2^bits]` is the run's length.
    private var starts: [Int]
    /// 64 − bits: shifting `high` right by it gives the bucket (a shift by 64 gives 0).
    private let shift: Int

    /// The directory of an empty run.
    init() {
        starts = [0, 0]
        shift = UInt64.bitWidth
    }

    /// The directory of sorted slots `0 ..< count`.
    init(slots: SeenKeySlots, count: Int) {
        let bits = max(0, Int.bitWidth - count.leadingZeroBitCount - 5)
        shift = UInt64.bitWidth - bits
        let bucketCount = 1 << bits
        var starts = [Int](repeating: count, count: bucketCount + 1)
        var slot = 0
        for bucket in 0 ..< bucketCount {
            while slot < count, Self.bucket(of: slots[slot], shift: shift) < bucket { slot += 1 }
            starts[bucket] = slot
        }
        self.starts = starts
    }

    /// Bytes the directory takes.
    var byteCount: Int { starts.capacity * MemoryLayout<Int>.stride }

    /// Whether sorted `slots` (the run this directory was made for) hold `key`.
    func contains(_ key: SeenKey, in slots: SeenKeySlots) -> Bool {
        let bucket = Self.bucket(of: key, shift: shift)
        var low = starts[bucket]
        var high = starts[bucket + 1]
        while low < high {
            let middle = low + (high - low) / 2
            let probe = slots[middle]
            if probe == key { return true }
            if probe < key { low = middle + 1 } else { high = middle }
        }
        return false
    }

    private static func bucket(of key: SeenKey, shift: Int) -> Int {
        Int(truncatingIfNeeded: key.high >> UInt64(shift))
    }
}

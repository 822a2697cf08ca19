/// Collects keys in any order, duplicates allowed, straight into a `SeenKeyStorage`, then sorts
/// and deduplicates them in place into a `SeenKeySet`: what loading the seen-index and rebuilding
/// it from the archive use, with no table and no second copy of the keys along the way.
struct SeenKeySetBuilder {
    private let storage = SeenKeyStorage()
    /// Keys collected so far, duplicates included.
    private(set) var count = 0
    /// The key collected last.
    private(set) var last: SeenKey?

    /// Adds `key`.
    mutating func append(_ key: SeenKey) {
        storage.reserve(count + 1)
        storage.slots[count] = key
        count += 1
        last = key
    }

    /// Adds `recordCount` keys stored as seen-index records (16 bytes each: `low` then `high`,
    /// little-endian). `read` fills each buffer it is given, in order, with the next records'
    /// bytes; the keys are read into their slots and decoded there.
    mutating func appendRecords<Failure: Error>(
        count recordCount: Int, read: (UnsafeMutableRawBufferPointer) throws(Failure) -> Void
    ) throws(Failure) {
        precondition(MemoryLayout<SeenKey>.stride == SeenIndexFile.recordSize, "a key is one index record")
        let end = count + recordCount
        storage.reserve(end)
        let slots = storage.slots
        var start = count
        while start < end {
            let stop = min(end, SeenKeySlots.chunkEnd(after: start))
            let bytes = slots.bytes(of: start ..< stop)
            try read(bytes)
            for index in 0 ..< stop - start {
                let offset = index * SeenIndexFile.recordSize
                slots[start + index] = SeenKey(
                    low: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                    high: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                )
            }
            start = stop
        }
        if end > count { last = slots[end - 1] }
        count = end
    }

    /// The set of the distinct keys collected (chunks that only duplicates needed are freed).
    consuming func build(minimumRecentLimit: Int = 4096) -> SeenKeySet {
        let slots = storage.slots
        slots.sort(count: count)
        let distinct = slots.removeAdjacentDuplicates(count: count)
        storage.release(beyond: distinct)
        return SeenKeySet(storage: storage, sortedCount: distinct, minimumRecentLimit: minimumRecentLimit)
    }
}

/// Where a `SeenKeySet` keeps its keys: chunks of 16,384 keys (256 KiB), allocated as the set
/// grows and never moved. Growing copies nothing and needs no second buffer, unlike an Array,
/// which briefly holds its old and its new storage (three times the keys) each time it doubles.
/// A chunk is above glibc's mmap threshold, so its pages become resident only once written.
final class SeenKeyStorage {
    static let chunkShift = 14
    static let chunkCapacity = 1 << chunkShift

    private var chunks: [UnsafeMutablePointer<SeenKey>] = []

    init() {}

    deinit {
        for chunk in chunks { chunk.deallocate() }
    }

    /// How many keys fit without allocating.
    var capacity: Int { chunks.count << Self.chunkShift }

    /// Bytes allocated for keys.
    var allocatedBytes: Int { capacity * MemoryLayout<SeenKey>.stride }

    /// Makes room for at least `count` keys, a chunk at a time.
    func reserve(_ count: Int) {
        while capacity < count {
            chunks.append(.allocate(capacity: Self.chunkCapacity))
        }
    }

    /// Frees the chunks that slots `0 ..< count` do not reach.
    func release(beyond count: Int) {
        let needed = (count + Self.chunkCapacity - 1) >> Self.chunkShift
        while chunks.count > needed {
            chunks.removeLast().deallocate()
        }
    }

    /// A new storage holding a copy of the first `count` keys (copy-on-write of a `SeenKeySet`).
    func copy(count: Int) -> SeenKeyStorage {
        let copy = SeenKeyStorage()
        copy.reserve(count)
        for (index, chunk) in chunks.enumerated() where index << Self.chunkShift < count {
            let keys = min(Self.chunkCapacity, count - index << Self.chunkShift)
            copy.chunks[index].initialize(from: chunk, count: keys)
        }
        return copy
    }

    /// Calls `body` with direct access to the slots; `reserve` them first.
    func withSlots<Result, Failure: Error>(
        _ body: (SeenKeySlots) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome = chunks.withUnsafeBufferPointer { chunks in
            Swift.Result { () throws(Failure) -> Result in try body(SeenKeySlots(chunks: chunks)) }
        }
        return try outcome.get()
    }
}

/// Indexed access to the slots of a `SeenKeyStorage`, valid inside `withSlots`. `SeenKey` is a
/// trivial type, so a slot can be written whether or not it held a key before.
struct SeenKeySlots {
    fileprivate let chunks: UnsafeBufferPointer<UnsafeMutablePointer<SeenKey>>

    subscript(index: Int) -> SeenKey {
        get { chunks[index >> SeenKeyStorage.chunkShift][index & (SeenKeyStorage.chunkCapacity - 1)] }
        nonmutating set { chunks[index >> SeenKeyStorage.chunkShift][index & (SeenKeyStorage.chunkCapacity - 1)] = newValue }
    }

    func swapAt(_ first: Int, _ second: Int) {
        let key = self[first]
        self[first] = self[second]
        self[second] = key
    }

    /// The raw bytes of slots `range`, for reading keys from a file; the range must lie in one chunk.
    func bytes(of range: Range<Int>) -> UnsafeMutableRawBufferPointer {
        let chunk = chunks[range.lowerBound >> SeenKeyStorage.chunkShift]
        let start = chunk + (range.lowerBound & (SeenKeyStorage.chunkCapacity - 1))
        return UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(start: start, count: range.count))
    }

    /// The end of the chunk holding slot `index`: where a run of slots starting there must stop.
    static func chunkEnd(after index: Int) -> Int {
        (index >> SeenKeyStorage.chunkShift + 1) << SeenKeyStorage.chunkShift
    }
}

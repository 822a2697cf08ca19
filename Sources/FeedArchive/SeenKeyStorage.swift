/// Where a `SeenKeySet` keeps its keys: chunks of 16,384 keys (256 KiB), allocated as the set
/// grows and never moved. Growing copies nothing and needs no second buffer, unlike an Array,
/// which briefly holds its old and its new storage (three times the keys) each time it doubles.
/// A chunk, with malloc's header, is above glibc's mmap threshold (128 KiB by default; the
/// feedd binary fixes it at 256 KiB), so the unfilled part of the last one usually takes
/// address space only, not memory.
final class SeenKeyStorage {
    static let chunkShift = 14
    static let chunkCapacity = 1 << chunkShift

    /// The chunks, in a table of `tableCapacity` entries of which `chunkCount` are in use.
    private var table: UnsafeMutablePointer<UnsafeMutablePointer<SeenKey>>
    private var tableCapacity = 4
    private var chunkCount = 0

    init() {
        table = .allocate(capacity: tableCapacity)
    }

    deinit {
        for index in 0 ..< chunkCount { table[index].deallocate() }
        table.deallocate()
    }

    /// How many keys fit without allocating.
    var capacity: Int { chunkCount << Self.chunkShift }

    /// Bytes allocated for keys.
    var allocatedBytes: Int { capacity * MemoryLayout<SeenKey>.stride }

    /// Direct access to the slots, valid until the next `reserve` or `release` (which may move
    /// the chunk table, never a chunk) and while this storage lives.
    var slots: SeenKeySlots {
        SeenKeySlots(chunks: UnsafeBufferPointer(start: table, count: chunkCount))
    }

    /// Makes room for at least `count` keys, a chunk at a time.
    func reserve(_ count: Int) {
        while capacity < count {
            if chunkCount == tableCapacity { growTable() }
            table[chunkCount] = .allocate(capacity: Self.chunkCapacity)
            chunkCount += 1
        }
    }

    /// Frees the chunks that slots `0 ..< count` do not reach.
    func release(beyond count: Int) {
        let needed = (count + Self.chunkCapacity - 1) >> Self.chunkShift
        while chunkCount > needed {
            chunkCount -= 1
            table[chunkCount].deallocate()
        }
    }

    /// A new storage holding a copy of the first `count` keys (copy-on-write of a `SeenKeySet`).
    func copy(count: Int) -> SeenKeyStorage {
        let copy = SeenKeyStorage()
        copy.reserve(count)
        var start = 0
        for index in 0 ..< chunkCount where start < count {
            copy.table[index].initialize(from: table[index], count: min(Self.chunkCapacity, count - start))
            start += Self.chunkCapacity
        }
        return copy
    }

    private func growTable() {
        let larger = UnsafeMutablePointer<UnsafeMutablePointer<SeenKey>>.allocate(capacity: tableCapacity * 2)
        larger.moveInitialize(from: table, count: chunkCount)
        table.deallocate()
        table = larger
        tableCapacity *= 2
    }
}

/// Indexed access to the slots of a `SeenKeyStorage` (see `slots`). `SeenKey` is a trivial
/// type, so a slot can be written whether or not it held a key before.
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

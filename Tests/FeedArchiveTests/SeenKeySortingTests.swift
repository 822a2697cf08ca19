@testable import FeedArchive
import Testing

struct SeenKeySortingTests {
    static func orders(count: Int) -> [(name: String, numbers: [Int])] {
        var random = ArchiveBenchmarks.SplitMix(seed: UInt64(count))
        return [
            ("random", (0 ..< count).map { _ in Int(random.next() % 1_000_000) }),
            ("few distinct", (0 ..< count).map { _ in Int(random.next() % 3) }),
            ("all equal", Array(repeating: 9, count: count)),
            ("ascending", Array(0 ..< count)),
            ("descending", Array((0 ..< count).reversed())),
            ("organ pipe", (0 ..< count).map { min($0, count - $0) }),
        ]
    }

    /// Quicksort with its heapsort fallback (depth limit 0 forces it at once) and insertion sort
    /// for short runs, against the standard library's sort.
    @Test(arguments: [0, 1, 2, 15, 17, 100, 1000, SeenKeyStorage.chunkCapacity + 300], [nil, 0])
    func sortsLikeTheStandardLibrary(count: Int, depthLimit: Int?) {
        for (name, numbers) in Self.orders(count: count) {
            let keys = numbers.map(testKey)
            let storage = SeenKeyStorage()
            storage.reserve(count)
            let slots = storage.slots
            for (index, key) in keys.enumerated() { slots[index] = key }
            slots.sort(count: count, depthLimit: depthLimit)
            #expect(slotKeys(storage, count: count) == keys.sorted(), "\(name), \(count) keys")
            let distinct = slots.removeAdjacentDuplicates(count: count)
            #expect(slotKeys(storage, count: distinct) == Array(Set(keys)).sorted(), "\(name), \(count) keys")
        }
    }

    @Test func ordersByHighWordFirst() {
        #expect(SeenKey(low: 9, high: 1) < SeenKey(low: 0, high: 2))
        #expect(SeenKey(low: 1, high: 2) < SeenKey(low: 2, high: 2))
        #expect(!(SeenKey(low: 2, high: 2) < SeenKey(low: 2, high: 2)))
    }
}

@testable import FeedArchive
import Testing

struct SeenKeySetBuilderTests {
    static let inputs: [(name: String, numbers: [Int], distinct: Int)] = [
        ("nothing", [], 0),
        ("one key", [5], 1),
        ("one key thrice", [5, 5, 5], 1),
        ("ascending", Array(0 ..< 40), 40),
        ("descending", Array((0 ..< 40).reversed()), 40),
        ("every key twice", (0 ..< 30).flatMap { [$0, 29 - $0] }, 30),
        ("keys sharing high words", [3, 4, 2, 7, 8, 3, 11, 12], 7),
    ]

    @Test(arguments: inputs)
    func buildsTheDistinctKeys(name: String, numbers: [Int], distinct: Int) {
        var builder = SeenKeySetBuilder()
        for number in numbers { builder.append(testKey(number)) }
        #expect(builder.count == numbers.count)
        #expect(builder.last == numbers.last.map(testKey))
        let set = builder.build()
        #expect(set.count == distinct, "\(name)")
        #expect(numbers.allSatisfy { set.contains(testKey($0)) }, "\(name)")
        #expect(!set.contains(testKey(1000)), "\(name)")
    }

    /// Index records read in chunk-sized pieces, more than a chunk in all, with duplicates.
    @Test func readsIndexRecordsIntoItsStorage() throws {
        let numbers = (0 ..< SeenKeyStorage.chunkCapacity + 5000).map { $0 % 19_000 }
        var bytes: [UInt8] = []
        for number in numbers { SeenIndexFile.append(testKey(number), to: &bytes) }
        var builder = SeenKeySetBuilder()
        builder.append(testKey(-1))
        var offset = 0
        var pieces: [Int] = []
        builder.appendRecords(count: numbers.count) { buffer in
            buffer.copyBytes(from: bytes[offset ..< offset + buffer.count])
            offset += buffer.count
            pieces.append(buffer.count / 16)
        }
        #expect(offset == bytes.count)
        #expect(pieces == [SeenKeyStorage.chunkCapacity - 1, 5001], "each piece ends at a chunk's end")
        #expect(builder.last == testKey(numbers[numbers.count - 1]))
        let set = builder.build()
        #expect(set.count == 19_001)
        #expect((-1 ..< 19_000).allSatisfy { set.contains(testKey($0)) })
    }

    @Test func passesReadFailuresOn() {
        struct ReadFailed: Error {}
        var builder = SeenKeySetBuilder()
        #expect(throws: ReadFailed.self) {
            try builder.appendRecords(count: 3) { _ throws(ReadFailed) in throw ReadFailed() }
        }
    }
}

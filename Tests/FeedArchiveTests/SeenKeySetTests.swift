@testable import FeedArchive
import Testing

struct SeenKeySetTests {
    /// One step of a script, with what it must return.
    enum Step: Sendable, CustomStringConvertible {
        case insert(Int, Bool)
        case remove(Int, Bool)
        case contains(Int, Bool)
        case merge

        var description: String {
            switch self {
            case let .insert(key, result): "insert(\(key)) → \(result)"
            case let .remove(key, result): "remove(\(key)) → \(result)"
            case let .contains(key, result): "contains(\(key)) → \(result)"
            case .merge: "merge"
            }
        }
    }

    static let scripts: [(name: String, steps: [Step], count: Int)] = [
        ("empty set holds nothing", [.contains(1, false), .remove(1, false), .merge], 0),
        ("an insert is seen once", [.insert(1, true), .insert(1, false), .contains(1, true)], 1),
        ("a merged key stays a duplicate", [.insert(1, true), .merge, .insert(1, false), .contains(1, true)], 1),
        ("a recent key is removed at once",
         [.insert(1, true), .remove(1, true), .contains(1, false), .remove(1, false), .insert(1, true)], 1),
        ("a merged key is forgotten, then inserted again",
         [.insert(1, true), .insert(2, true), .merge, .remove(1, true), .contains(1, false), .remove(1, false),
          .contains(2, true), .insert(1, true), .contains(1, true), .insert(1, false)], 2),
        ("a forgotten key is dropped by the next merge",
         [.insert(1, true), .insert(2, true), .merge, .remove(1, true), .merge, .contains(1, false),
          .remove(1, false), .insert(1, true), .merge, .contains(1, true)], 2),
        ("keys sharing a high word stay apart (3 and 4 do)",
         [.insert(3, true), .merge, .contains(4, false), .insert(4, true), .merge, .contains(3, true),
          .contains(4, true), .remove(3, true), .merge, .contains(4, true), .contains(3, false)], 1),
        ("removing every key empties the set",
         [.insert(1, true), .insert(2, true), .merge, .insert(5, true), .remove(2, true), .remove(5, true),
          .remove(1, true), .merge, .contains(1, false), .contains(2, false), .contains(5, false)], 0),
    ]

    @Test(arguments: scripts)
    func followsScript(name: String, steps: [Step], count: Int) {
        var set = SeenKeySet()
        for (number, step) in steps.enumerated() {
            switch step {
            case let .insert(key, expected):
                #expect(set.insert(testKey(key)) == expected, "\(name): step \(number), \(step)")
            case let .remove(key, expected):
                #expect(set.remove(testKey(key)) == expected, "\(name): step \(number), \(step)")
            case let .contains(key, expected):
                #expect(set.contains(testKey(key)) == expected, "\(name): step \(number), \(step)")
            case .merge:
                set.merge()
            }
        }
        #expect(set.count == count, "\(name)")
    }

    /// Random inserts, removes, lookups and merges over a small universe of keys (so repeats and
    /// removals of merged keys are common), checked step by step against a `Set`; merges also
    /// happen by themselves, every `recentLimit` changes.
    @Test(arguments: [(1, 1), (2, 3), (3, 16), (4, 64), (5, 4096)])
    func agreesWithSet(seed: UInt64, recentLimit: Int) throws {
        var random = ArchiveBenchmarks.SplitMix(seed: seed)
        let universe = 600
        var set = SeenKeySet(minimumRecentLimit: recentLimit)
        var reference = Set<SeenKey>()
        for step in 0 ..< 20_000 {
            let key = testKey(Int(random.next() % UInt64(universe)))
            switch random.next() % 100 {
            case 0 ..< 45:
                try #require(set.insert(key) == reference.insert(key).inserted, "step \(step): insert")
            case 45 ..< 70:
                try #require(set.remove(key) == (reference.remove(key) != nil), "step \(step): remove")
            case 70 ..< 98:
                try #require(set.contains(key) == reference.contains(key), "step \(step): contains")
            default:
                set.merge()
            }
            try #require(set.count == reference.count, "step \(step): count")
            if step % 2000 == 1999 {
                let disagreements = (0 ..< universe).filter { set.contains(testKey($0)) != reference.contains(testKey($0)) }
                try #require(disagreements.isEmpty, "step \(step)")
            }
        }
    }

    /// Enough keys for several storage chunks and a directory of many buckets.
    @Test func holdsManyKeysAcrossChunks() {
        let total = 3 * SeenKeyStorage.chunkCapacity + 123
        var set = SeenKeySet()
        for number in 0 ..< total {
            let inserted = set.insert(testKey(number))
            #expect(inserted, "key \(number)")
        }
        for number in stride(from: 0, to: total, by: 7) {
            let removed = set.remove(testKey(number))
            #expect(removed, "key \(number)")
        }
        set.merge()
        let removed = (total + 6) / 7
        #expect(set.count == total - removed)
        let wrong = (0 ..< total + 1000).filter { set.contains(testKey($0)) != ($0 < total && $0 % 7 != 0) }
        #expect(wrong.isEmpty)
        #expect(set.byteCount >= set.count * 16)
        #expect(set.byteCount <= set.count * 16 + SeenKeyStorage.chunkCapacity * 16 + set.count / 2 + 300_000,
                "keys, one partly filled chunk, the directory and a table of recent keys")
    }

    @Test func copiesAreIndependent() {
        var original = SeenKeySet(minimumRecentLimit: 1)
        for number in 0 ..< 100 { original.insert(testKey(number)) }
        var copy = original
        copy.insert(testKey(100))
        copy.remove(testKey(0))
        copy.merge()
        original.merge()
        #expect(original.contains(testKey(0)) && !original.contains(testKey(100)) && original.count == 100)
        #expect(!copy.contains(testKey(0)) && copy.contains(testKey(100)) && copy.count == 100)
    }

    @Test func reportsNoMemoryWhenEmpty() {
        #expect(SeenKeySet().byteCount < 64)
        #expect(SeenKeySet().count == 0)
    }
}

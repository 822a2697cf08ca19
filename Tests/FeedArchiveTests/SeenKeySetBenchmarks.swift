@testable import FeedArchive
import Foundation
import Testing

/// The seen-set against the standard library's Set, at the size of a 10,000-feed archive; run
/// with the archive benchmarks (see `ArchiveBenchmarks`). Printed, not asserted.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FEEDD_BENCH"] != nil, "set FEEDD_BENCH=1 to run"),
       .serialized)
struct SeenKeySetBenchmarks {
    static let keyCount = 300_000

    /// `keyCount` random keys, then as many again that are not among them, for lookups that miss.
    static func keys() -> (present: [SeenKey], absent: [SeenKey]) {
        var random = ArchiveBenchmarks.SplitMix(seed: 42)
        let all = (0 ..< 2 * keyCount).map { _ in SeenKey(low: random.next(), high: random.next()) }
        return (Array(all[..<keyCount]), Array(all[keyCount...]))
    }

    /// The shortest of `rounds` runs of `body`: on a shared, loaded machine the least disturbed.
    static func seconds(rounds: Int = 5, _ body: () -> Void) -> Double {
        (0 ..< rounds).map { _ in
            let start = ContinuousClock.now
            body()
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }.min() ?? 0
    }

    /// Times `keyCount` inserts into an emptied set, then lookups of as many present and absent
    /// keys, and prints them with the set's size in bytes.
    static func measure(
        _ label: String, empty: () -> Void, insert: (SeenKey) -> Void, contains: (SeenKey) -> Bool, bytes: () -> Int
    ) {
        let (present, absent) = keys()
        let inserting = seconds {
            empty()
            for key in present { insert(key) }
        }
        var found = 0
        let looking = seconds {
            found = present.count(where: contains) + absent.count(where: contains)
        }
        #expect(found == keyCount, "\(label)")
        print(String(format: "bench seen-set %@: %d inserts %.1f ms (%.0f ns each), %d lookups %.1f ms (%.0f ns each), "
                     + "%.2f MB (%.1f B/key)",
                     label, keyCount, inserting * 1e3, inserting / Double(keyCount) * 1e9, 2 * keyCount, looking * 1e3,
                     looking / Double(2 * keyCount) * 1e9, Double(bytes()) / 1e6, Double(bytes()) / Double(keyCount)))
    }

    @Test func insertAndLookUpLikeAColdPoll() {
        var standard = Set<SeenKey>()
        Self.measure("Set<SeenKey>", empty: { standard = [] }, insert: { standard.insert($0) },
                     contains: { standard.contains($0) }) {
            let buckets = standard.capacity * 4 / 3
            return buckets * MemoryLayout<SeenKey>.stride + buckets / 8
        }
        standard = []
        var compact = SeenKeySet()
        Self.measure("SeenKeySet  ", empty: { compact = SeenKeySet() }, insert: { compact.insert($0) },
                     contains: { compact.contains($0) }, bytes: { compact.byteCount })
    }

    @Test func buildFromAnIndexLoad() {
        let (present, _) = Self.keys()
        var set = SeenKeySet()
        let elapsed = Self.seconds {
            var builder = SeenKeySetBuilder()
            for key in present { builder.append(key) }
            set = builder.build()
        }
        #expect(set.count == Self.keyCount)
        print(String(format: "bench seen-set build (collect, sort, dedupe) of %d keys: %.1f ms", Self.keyCount, elapsed * 1e3))
    }
}

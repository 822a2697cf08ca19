import Foundation
import Testing
import TestSupport
@testable import FeedArchive

/// Lookups in the on-disk seen-index against an in-memory `Set<SeenKey>` holding the same keys
/// (what the index was before it moved to disk), on request, in a release build:
///
///     FEEDD_BENCH=1 FEEDD_BENCH_KEYS=10000000 swift test -c release -Xswiftc -enable-testing --filter SeenIndexBenchmarks
///
/// Misses are what a cold poll asks (every item new), hits what a poll of a feed answering 200
/// with items already archived asks. Numbers are printed; only correctness is checked.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FEEDD_BENCH"] != nil, "set FEEDD_BENCH=1 to run"))
struct SeenIndexBenchmarks {
    static func key(_ number: Int) -> SeenKey {
        var mix = ArchiveBenchmarks.SplitMix(seed: UInt64(truncatingIfNeeded: number))
        return SeenKey(low: mix.next(), high: mix.next())
    }

    @Test func lookupsOnDiskAgainstInMemory() async throws {
        let count = ProcessInfo.processInfo.environment["FEEDD_BENCH_KEYS"].flatMap(Int.init) ?? 1_000_000
        let directory = try TemporaryDirectory(prefix: "feedd-bench")
        defer { directory.remove() }
        let hasher = DedupKeyHasher(sipHash: SipHash128(key0: 3, key1: 4))
        var builder = SeenIndexBuilder(directory: directory.path, hasher: hasher)
        let built = try await ArchiveBenchmarks.seconds {
            for number in 0 ..< count { try builder.add(Self.key(number * 2)) }
        }
        let (runs, _) = try builder.finish()
        let index = SeenIndex(directory: directory.path, hasher: hasher, runs: runs, covered: ArchivePosition(),
                              nextRun: 100, log: { _ in })
        let probes = 300_000
        let misses = (0 ..< probes).map { Self.key(($0 * 7919 % count) * 2 + 1) }
        let hits = (0 ..< probes).map { Self.key(($0 * 7919 % count) * 2) }
        var found = 0
        let missTime = await ArchiveBenchmarks.seconds { for key in misses where index.contains(key) { found += 1 } }
        let falsePositives = found
        found = 0
        let hitTime = await ArchiveBenchmarks.seconds { for key in hits where index.contains(key) { found += 1 } }
        #expect(found == probes)
        #expect(falsePositives < probes / 20)

        var set = Set<SeenKey>(minimumCapacity: count)
        for number in 0 ..< count { set.insert(Self.key(number * 2)) }
        found = 0
        let setMiss = await ArchiveBenchmarks.seconds { for key in misses where set.contains(key) { found += 1 } }
        let setHit = await ArchiveBenchmarks.seconds { for key in hits where set.contains(key) { found += 1 } }
        func rate(_ seconds: Double) -> String { String(format: "%.2f M/s", Double(probes) / seconds / 1e6) }
        print(String(format: "bench seen-index: %d keys built in %.2f s into %d run(s); in memory %.1f MB (%.2f B/key)",
                     count, built, runs.count, Double(index.memoryBytes) / 1e6, Double(index.memoryBytes) / Double(count)))
        print("bench seen-index lookups: misses \(rate(missTime)) (false positives \(falsePositives) of \(probes)), "
            + "hits \(rate(hitTime)); Set<SeenKey>: misses \(rate(setMiss)), hits \(rate(setHit)), "
            + String(format: "%.0f MB", Double(set.capacity * 17) / 1e6))
    }
}

@testable import FeedArchive

/// Keys for seen-set tests: key n is fixed by n; every fourth key shares its `high` word with the
/// key before it, so ordering by `low` within one `high` is exercised too.
func testKey(_ number: Int) -> SeenKey {
    let highSeed = number % 4 == 3 ? number - 1 : number
    var mix = ArchiveBenchmarks.SplitMix(seed: UInt64(truncatingIfNeeded: highSeed))
    let high = mix.next()
    var other = ArchiveBenchmarks.SplitMix(seed: UInt64(truncatingIfNeeded: number) &+ 0x5EED)
    return SeenKey(low: other.next(), high: high)
}


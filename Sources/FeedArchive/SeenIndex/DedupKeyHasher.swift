import FeedURL
import Foundation

/// Turns canonical URLs, and archive lines, into `SeenKey`s under one index file's secret key.
struct DedupKeyHasher: Sendable, Equatable {
    let sipHash: SipHash128

    /// A hasher with a fresh random key, for a new index file.
    static func random() -> DedupKeyHasher {
        var generator = SystemRandomNumberGenerator()
        return DedupKeyHasher(sipHash: SipHash128(key0: generator.next(), key1: generator.next()))
    }

    /// The key of an item whose canonical URL is `canonicalURL`.
    func key(canonicalURL: String) -> SeenKey {
        var dedupKey = DedupKey.of(canonicalURL: canonicalURL)
        return dedupKey.withUTF8 { sipHash.hash(UnsafeRawBufferPointer($0)) }
    }

    /// The key of one archive line (without its `\n`). A line that is not a record still gets a
    /// key (of its raw bytes, which no canonical URL equals) so that index record k stays the
    /// key of line k; `isRecord` says which it was.
    func key(line: UnsafeRawBufferPointer) -> (key: SeenKey, isRecord: Bool) {
        guard let canonicalURL = CanonicalURLExtractor.canonicalURL(inLine: line) else {
            return (sipHash.hash(line), false)
        }
        return (key(canonicalURL: canonicalURL), true)
    }
}

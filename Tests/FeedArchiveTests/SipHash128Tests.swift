import Foundation
@testable import FeedArchive
import Testing

/// SipHash-2-4-128 against the reference implementation's published vectors: key 00 01 … 0f,
/// message 00 01 … (n-1), output bytes in order.
struct SipHash128Tests {
    static let vectors: [(length: Int, hex: String)] = [
        (0, "a3817f04ba25a8e66df67214c7550293"),
        (1, "da87c1d86b99af44347659119b22fc45"),
        (7, "a1f1ebbed8dbc153c0b84aa61ff08239"),
        (8, "3b62a9ba6258f5610f83e264f31497b4"),
        (15, "5493e99933b0a8117e08ec0f97cfc3d9"),
        (16, "6ee2a4ca67b054bbfd3315bf85230577"),
        (63, "5150d1772f50834a503e069a973fbd7c"),
    ]

    @Test(arguments: vectors)
    func matchesReferenceVector(length: Int, hex: String) {
        let key: [UInt8] = Array(0 ..< 16)
        let sipHash = key.withUnsafeBytes {
            SipHash128(key0: $0.loadUnaligned(as: UInt64.self).littleEndian,
                       key1: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian)
        }
        let message = (0 ..< length).map { UInt8($0) }
        let hash = message.withUnsafeBytes { sipHash.hash($0) }
        var output: [UInt8] = []
        withUnsafeBytes(of: hash.low.littleEndian) { output.append(contentsOf: $0) }
        withUnsafeBytes(of: hash.high.littleEndian) { output.append(contentsOf: $0) }
        #expect(output.map { String(format: "%02x", $0) }.joined() == hex)
    }

    @Test func differentKeysGiveDifferentHashes() {
        let message = Array("https://news.example/a".utf8)
        let first = message.withUnsafeBytes { SipHash128(key0: 1, key1: 2).hash($0) }
        let second = message.withUnsafeBytes { SipHash128(key0: 1, key1: 3).hash($0) }
        #expect(first != second)
    }

    @Test func httpAndHTTPSOfOneURLShareAKey() {
        let hasher = DedupKeyHasher(sipHash: SipHash128(key0: 7, key1: 9))
        #expect(hasher.key(canonicalURL: "http://a.example/x") == hasher.key(canonicalURL: "https://a.example/x"))
        #expect(hasher.key(canonicalURL: "https://a.example/x") != hasher.key(canonicalURL: "https://a.example/y"))
        #expect(hasher.key(canonicalURL: "ftp://a.example/x") != hasher.key(canonicalURL: "https://a.example/x"))
    }
}

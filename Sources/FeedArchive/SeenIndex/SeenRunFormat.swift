/// The layout of one run file of the seen-index, `<state_dir>/index/run-NNNNNNNN.seen`:
///
/// ```
/// offset 0    "FEEDRUN1"                magic and format version
/// offset 8    UInt64 LE, UInt64 LE      the SipHash key the keys were made with
/// offset 24   UInt64 LE                 key count n
/// offset 32   UInt64 LE                 filter block count b
/// offset 40   24 reserved bytes
/// offset 64   n × 16 bytes              the keys, sorted ascending, distinct (low, high; LE)
/// then        ceil(n / 4096) × 16 bytes the fences: key 0, 4096, 8192, … of the run
/// then        b × 64 bytes              the Bloom filter (`SeenFilter`)
/// ```
///
/// A run is written once, synced, and never changed; the manifest says which runs make the index.
enum SeenRunFormat {
    static let magic = Array("FEEDRUN1".utf8)
    static let headerSize = 64
    static let keySize = 16
    /// Keys between fences: the in-memory fences cost 16 bytes per 4096 keys.
    static let fenceStride = 4096

    struct Header: Equatable {
        var sipKey0: UInt64
        var sipKey1: UInt64
        var keyCount: Int
        var filterBlockCount: Int

        var fenceCount: Int { (keyCount + SeenRunFormat.fenceStride - 1) / SeenRunFormat.fenceStride }
        var fencesOffset: Int64 { Int64(SeenRunFormat.headerSize) + Int64(keyCount) * Int64(SeenRunFormat.keySize) }
        var filterOffset: Int64 { fencesOffset + Int64(fenceCount) * Int64(SeenRunFormat.keySize) }
        var fileSize: Int64 { filterOffset + Int64(filterBlockCount) * 64 }

        func encoded() -> [UInt8] {
            var bytes = SeenRunFormat.magic
            for word in [sipKey0, sipKey1, UInt64(keyCount), UInt64(filterBlockCount), 0, 0, 0] {
                withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
            }
            return bytes
        }

        /// Reads a header; nil with the reason when the bytes are not one.
        static func decode(_ bytes: [UInt8]) -> Result<Header, SeenRunDamage> {
            guard bytes.count == SeenRunFormat.headerSize else { return .failure(.init("it is shorter than its header")) }
            guard Array(bytes[0 ..< 8]) == SeenRunFormat.magic else { return .failure(.init("its header is not a run header")) }
            let words = bytes.withUnsafeBytes { raw in
                (0 ..< 4).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 + 8 * $0, as: UInt64.self)) }
            }
            guard words[2] < UInt64(Int.max / 64), words[3] < UInt64(Int.max / 64) else {
                return .failure(.init("its header gives impossible sizes"))
            }
            return .success(Header(sipKey0: words[0], sipKey1: words[1], keyCount: Int(words[2]),
                                   filterBlockCount: Int(words[3])))
        }
    }

    static func append(_ key: SeenKey, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: key.low.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: key.high.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func key(in raw: UnsafeRawBufferPointer, at index: Int) -> SeenKey {
        SeenKey(low: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * keySize, as: UInt64.self)),
                high: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * keySize + 8, as: UInt64.self)))
    }
}

/// Why a run file cannot be used.
struct SeenRunDamage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

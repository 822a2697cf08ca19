import Foundation

/// The on-disk seen-index, `<state_dir>/index/seen.idx`:
///
/// ```
/// offset 0   "FEEDSEEN"            magic
/// offset 8   UInt32 LE = 1         format version
/// offset 12  UInt32 LE = 0         reserved
/// offset 16  UInt64 LE, UInt64 LE  the SipHash key of this file (random per file)
/// offset 32  16 bytes per record   SipHash-2-4-128 of the dedup key of archive line k
/// ```
///
/// Record k is the key of archive line k (segments in order), which is how it is reconciled with
/// the archive at open. It is derived data: never synced, rebuilt whenever it is in doubt.
enum SeenIndexFile {
    static let headerSize = 32
    static let recordSize = 16
    private static let magic = Array("FEEDSEEN".utf8)
    private static let formatVersion: UInt32 = 1

    /// What a loaded index holds.
    struct Contents {
        let hasher: DedupKeyHasher
        private(set) var keys: SeenKeySet
        let recordCount: Int
        let lastKey: SeenKey?

        /// The keys, leaving an empty set in their place.
        mutating func takeKeys() -> SeenKeySet {
            var taken = SeenKeySet()
            swap(&taken, &keys)
            return taken
        }
    }

    /// The outcome of reading the index: usable, absent, or unusable for the reason given.
    enum Loaded {
        case missing
        case corrupt(String)
        case usable(Contents)
    }

    /// Reads the index at `path`. I/O failures other than absence throw.
    static func load(path: String) throws(ArchiveError) -> Loaded {
        let file: FileDescriptor
        do {
            file = try FileDescriptor(path: path, flags: O_RDONLY)
        } catch let .io(_, _, code) where code == ENOENT {
            return .missing
        }
        let size = try file.size()
        guard size >= headerSize else { return .corrupt("it is shorter than its header (\(size) bytes)") }
        var header = [UInt8](repeating: 0, count: headerSize)
        _ = try file.read(into: &header, at: 0)
        guard Array(header[0 ..< 8]) == magic else { return .corrupt("its header is not a seen-index header") }
        let (version, key0, key1) = header.withUnsafeBytes { raw in
            (UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)),
             UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
             UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
        }
        guard version == formatVersion else { return .corrupt("it has format version \(version)") }
        let body = size - Int64(headerSize)
        guard body % Int64(recordSize) == 0 else { return .corrupt("it ends in the middle of a record") }
        let recordCount = Int(body / Int64(recordSize))
        // The records are read straight into the set's storage, then sorted there.
        var builder = SeenKeySetBuilder()
        var offset = Int64(headerSize)
        try builder.appendRecords(count: recordCount) { (bytes) throws(ArchiveError) in
            guard try file.read(into: bytes, at: offset) == bytes.count else {
                throw .io(operation: "read", path: file.path, errno: EIO)
            }
            offset += Int64(bytes.count)
        }
        let lastKey = builder.last
        let hasher = DedupKeyHasher(sipHash: SipHash128(key0: key0, key1: key1))
        return .usable(Contents(hasher: hasher, keys: builder.build(), recordCount: recordCount, lastKey: lastKey))
    }

    /// The 32-byte header of an index keyed for `hasher`.
    static func header(for hasher: DedupKeyHasher) -> [UInt8] {
        var bytes = magic
        withUnsafeBytes(of: formatVersion.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(0)) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: hasher.sipHash.key0.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: hasher.sipHash.key1.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Appends the 16 bytes of `key` to `bytes`.
    static func append(_ key: SeenKey, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: key.low.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: key.high.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

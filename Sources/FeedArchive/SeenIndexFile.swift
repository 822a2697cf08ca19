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
        var keys: Set<SeenKey>
        let recordCount: Int
        let lastKey: SeenKey?
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
        var keys = Set<SeenKey>(minimumCapacity: recordCount)
        var lastKey: SeenKey?
        try forEachRecord(of: file, count: recordCount) { key in
            keys.insert(key)
            lastKey = key
        }
        let hasher = DedupKeyHasher(sipHash: SipHash128(key0: key0, key1: key1))
        return .usable(Contents(hasher: hasher, keys: keys, recordCount: recordCount, lastKey: lastKey))
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

    private static func forEachRecord(
        of file: FileDescriptor, count: Int, _ body: (SeenKey) -> Void
    ) throws(ArchiveError) {
        let chunkRecords = 65536
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkRecords * recordSize, alignment: 16)
        defer { buffer.deallocate() }
        var done = 0
        while done < count {
            let batch = min(chunkRecords, count - done)
            let wanted = UnsafeMutableRawBufferPointer(rebasing: buffer[..<(batch * recordSize)])
            let offset = Int64(headerSize) + Int64(done) * Int64(recordSize)
            guard try file.read(into: wanted, at: offset) == wanted.count else {
                throw .io(operation: "read", path: file.path, errno: EIO)
            }
            for index in 0 ..< batch {
                let low = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index * recordSize, as: UInt64.self))
                let high = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index * recordSize + 8, as: UInt64.self))
                body(SeenKey(low: low, high: high))
            }
            done += batch
        }
    }
}

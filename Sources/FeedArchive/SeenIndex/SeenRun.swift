import Foundation

/// One run file of the seen-index, open for lookups: its keys stay on disk, its fences and
/// filter are in memory (about 1.3 bytes a key).
///
/// A lookup that passes the filter reads one window of 256 keys (4 KiB) with `pread`: the keys
/// are uniform hashes, so interpolating between the two fences around a key puts it within a few
/// dozen slots of where it lies. `pread` rather than `mmap`, so the pages read stay in the page
/// cache and out of feedd's resident memory.
final class SeenRun: Sendable {
    let path: String
    let fileName: String
    let keyCount: Int
    private let file: FileDescriptor
    private let fences: [SeenKey]
    private let lastKey: SeenKey?
    private let filter: SeenFilter

    private static let window = 256

    /// Opens the run at `path`, checking it was made with `hasher` and has the size its header says.
    init(path: String, hasher: DedupKeyHasher) throws(ArchiveError) {
        self.path = path
        fileName = (path as NSString).lastPathComponent
        file = try FileDescriptor(path: path, flags: O_RDONLY | O_NOFOLLOW)
        var headerBytes = [UInt8](repeating: 0, count: SeenRunFormat.headerSize)
        let got = try file.read(into: &headerBytes, at: 0)
        let header: SeenRunFormat.Header
        switch SeenRunFormat.Header.decode(Array(headerBytes.prefix(got))) {
        case .success(let decoded): header = decoded
        case .failure(let damage): throw Self.damaged(path, damage.description)
        }
        guard header.sipKey0 == hasher.sipHash.key0, header.sipKey1 == hasher.sipHash.key1 else {
            throw Self.damaged(path, "it was made with another index key")
        }
        let size = try file.size()
        guard size == header.fileSize else {
            throw Self.damaged(path, "it has \(size) bytes where its header says \(header.fileSize)")
        }
        keyCount = header.keyCount
        var fenceBytes = [UInt8](repeating: 0, count: header.fenceCount * SeenRunFormat.keySize)
        _ = try file.read(into: &fenceBytes, at: header.fencesOffset)
        fences = fenceBytes.withUnsafeBytes { raw in
            (0 ..< header.fenceCount).map { SeenRunFormat.key(in: raw, at: $0) }
        }
        var lastBytes = [UInt8](repeating: 0, count: SeenRunFormat.keySize)
        if keyCount > 0 {
            _ = try file.read(into: &lastBytes, at: header.fencesOffset - Int64(SeenRunFormat.keySize))
            lastKey = lastBytes.withUnsafeBytes { SeenRunFormat.key(in: $0, at: 0) }
        } else {
            lastKey = nil
        }
        let descriptor = file
        filter = try SeenFilter(blockCount: header.filterBlockCount) { (words) throws(ArchiveError) in
            _ = try descriptor.read(into: words, at: header.filterOffset)
        }
    }

    /// Memory this run holds: fences and filter.
    var memoryBytes: Int { fences.count * MemoryLayout<SeenKey>.stride + filter.byteCount }

    /// Whether `key` is in the run. A read error counts as "present": a false "seen" skips an
    /// item until the index is rebuilt, a false "new" would archive it twice.
    func contains(_ key: SeenKey) -> Bool {
        guard let lastKey, filter.mayContain(key), let first = fences.first, first <= key, key <= lastKey else {
            return false
        }
        let block = Self.lastIndex(in: fences, notAbove: key)
        let low = block * SeenRunFormat.fenceStride
        let high = min(low + SeenRunFormat.fenceStride, keyCount)
        let upperKey = block + 1 < fences.count ? fences[block + 1] : lastKey
        var start = Self.estimate(key, from: fences[block], to: upperKey, in: low ..< high) - Self.window / 2
        start = max(low, min(start, high - Self.window))
        var direction = 0
        return withUnsafeTemporaryAllocation(byteCount: Self.window * SeenRunFormat.keySize, alignment: 16) { buffer in
            while true {
                let end = min(start + Self.window, high)
                let offset = Int64(SeenRunFormat.headerSize) + Int64(start) * Int64(SeenRunFormat.keySize)
                let wanted = UnsafeMutableRawBufferPointer(rebasing: buffer[0 ..< (end - start) * SeenRunFormat.keySize])
                guard let read = try? file.read(into: wanted, at: offset), read == wanted.count else { return true }
                let keys = UnsafeRawBufferPointer(wanted)
                let count = end - start
                if key < SeenRunFormat.key(in: keys, at: 0) {
                    guard start > low, direction <= 0 else { return false }
                    direction = -1
                    start = max(low, start - Self.window)
                } else if SeenRunFormat.key(in: keys, at: count - 1) < key {
                    guard end < high, direction >= 0 else { return false }
                    direction = 1
                    start = end
                } else {
                    return Self.binarySearch(key, in: keys, count: count)
                }
            }
        }
    }

    /// Up to `count` keys from index `first` on, in order (for merges).
    func keys(from first: Int, count: Int) throws(ArchiveError) -> [SeenKey] {
        let wanted = max(0, min(count, keyCount - first))
        guard wanted > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: wanted * SeenRunFormat.keySize)
        let offset = Int64(SeenRunFormat.headerSize) + Int64(first) * Int64(SeenRunFormat.keySize)
        guard try file.read(into: &bytes, at: offset) == bytes.count else {
            throw .io(operation: "read", path: path, errno: EIO)
        }
        return bytes.withUnsafeBytes { raw in (0 ..< wanted).map { SeenRunFormat.key(in: raw, at: $0) } }
    }

    private static func damaged(_ path: String, _ why: String) -> ArchiveError {
        .invalidRecord(reason: "seen-index run \(path): \(why)")
    }

    /// The index of the last fence not above `key` (the first fence is not, by the caller's check).
    private static func lastIndex(in fences: [SeenKey], notAbove key: SeenKey) -> Int {
        var low = 0
        var high = fences.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if key < fences[middle] { high = middle } else { low = middle }
        }
        return low
    }

    /// Where `key` should lie in `range`, whose keys go from `lower` to about `upper`.
    private static func estimate(_ key: SeenKey, from lower: SeenKey, to upper: SeenKey, in range: Range<Int>) -> Int {
        guard upper.high > lower.high else { return range.lowerBound }
        let fraction = Double(key.high &- lower.high) / Double(upper.high &- lower.high)
        return range.lowerBound + Int(min(1, max(0, fraction)) * Double(range.count))
    }

    private static func binarySearch(_ key: SeenKey, in keys: UnsafeRawBufferPointer, count: Int) -> Bool {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            let probe = SeenRunFormat.key(in: keys, at: middle)
            if probe == key { return true }
            if probe < key { low = middle + 1 } else { high = middle }
        }
        return false
    }
}

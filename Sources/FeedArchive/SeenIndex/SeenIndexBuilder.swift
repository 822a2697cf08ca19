import Foundation

/// Builds a seen-index from scratch (a rebuild, or `feedd reindex`) in bounded memory: keys are
/// gathered a million at a time (16 MB), each batch sorted and written out as a run, and the runs
/// merged into one at the end.
struct SeenIndexBuilder {
    let directory: String
    let hasher: DedupKeyHasher
    let batchKeys: Int
    private var batch: [SeenKey] = []
    private var spills: [SeenRun] = []
    private var nextRun = 0

    init(directory: String, hasher: DedupKeyHasher, batchKeys: Int = 1 << 20) {
        self.directory = directory
        self.hasher = hasher
        self.batchKeys = max(1, batchKeys)
        batch.reserveCapacity(min(self.batchKeys, 1 << 16))
    }

    mutating func add(_ key: SeenKey) throws(ArchiveError) {
        batch.append(key)
        if batch.count >= batchKeys { try spill() }
    }

    /// The finished runs (at most one) and the next run number free.
    mutating func finish() throws(ArchiveError) -> (runs: [SeenRun], nextRun: Int) {
        try spill()
        guard spills.count > 1 else { return (spills, nextRun) }
        let path = directory + "/" + SeenIndexManifest.runFileName(nextRun)
        nextRun += 1
        guard let merged = try SeenRunMerger.merge(spills, into: path, hasher: hasher) else { return (spills, nextRun) }
        for spill in spills { unlink(spill.path) }
        spills = [merged]
        return (spills, nextRun)
    }

    private mutating func spill() throws(ArchiveError) {
        guard !batch.isEmpty else { return }
        batch.sort()
        let path = directory + "/" + SeenIndexManifest.runFileName(nextRun)
        nextRun += 1
        let writer = try SeenRunWriter(path: path, hasher: hasher, capacity: batch.count)
        do throws(ArchiveError) {
            for key in batch { try writer.add(key) }
            _ = try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
        batch.removeAll(keepingCapacity: true)
        spills.append(try SeenRun(path: path, hasher: hasher))
    }
}

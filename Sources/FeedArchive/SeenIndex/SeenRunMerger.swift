import Foundation

/// Merges sorted runs into one, streaming: each source is read 64 KiB at a time, so a merge of
/// any size costs a few buffers and the new run's filter.
enum SeenRunMerger {
    /// Writes the union of `sources` to `path` and opens it; nil when `stop` asked to give up
    /// (checked between chunks), with nothing left behind.
    static func merge(
        _ sources: [SeenRun], into path: String, hasher: DedupKeyHasher, stop: () -> Bool = { false }
    ) throws(ArchiveError) -> SeenRun? {
        guard !stop() else { return nil }
        let writer = try SeenRunWriter(path: path, hasher: hasher, capacity: sources.reduce(0) { $0 + $1.keyCount })
        do throws(ArchiveError) {
            var cursors = sources.map(RunCursor.init)
            for index in cursors.indices { try cursors[index].refill() }
            var written = 0
            while true {
                var smallest: Int?
                for index in cursors.indices {
                    guard let key = cursors[index].current else { continue }
                    if let best = smallest, let bestKey = cursors[best].current, !(key < bestKey) { continue }
                    smallest = index
                }
                guard let chosen = smallest, let key = cursors[chosen].current else { break }
                try writer.add(key)
                try cursors[chosen].advance()
                written += 1
                if written % 65_536 == 0, stop() {
                    writer.discard()
                    return nil
                }
            }
            _ = try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
        return try SeenRun(path: path, hasher: hasher)
    }

    /// Reads one run's keys in order, a chunk at a time.
    private struct RunCursor {
        static let chunkKeys = 4096
        let run: SeenRun
        var keys: [SeenKey] = []
        var position = 0
        var nextIndex = 0

        init(_ run: SeenRun) {
            self.run = run
        }

        var current: SeenKey? { position < keys.count ? keys[position] : nil }

        mutating func advance() throws(ArchiveError) {
            position += 1
            if position == keys.count { try refill() }
        }

        mutating func refill() throws(ArchiveError) {
            keys = try run.keys(from: nextIndex, count: Self.chunkKeys)
            nextIndex += keys.count
            position = 0
        }
    }
}

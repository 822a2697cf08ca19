import Foundation

/// What opening finds once the archive is repaired and the seen-index agrees with it.
struct RecoveredArchive {
    let segments: [ArchiveLayout.Segment]
    let hasher: DedupKeyHasher
    let index: SeenIndex
    /// The end of the archive.
    let position: ArchivePosition
    let invalidLineCount: Int
}

/// How far a rebuild of the seen-index has got, reported every five seconds.
public struct RebuildProgress: Sendable {
    /// Archive bytes read so far, and in all.
    public let bytesRead: Int64
    public let totalBytes: Int64
    public let lines: Int
}

/// Brings the state directory back to a consistent state at open (the caller holds the lock):
/// repairs a torn end of the newest segment and of the alias log, then checks the seen-index's
/// manifest against the archive, which is the source of truth:
///
/// - the manifest covers a prefix of the archive (same segments, same sizes, the same last line)
///   → the runs are kept and only the tail past that prefix is read: start-up time depends on
///   how much was written since the last checkpoint, not on the archive's size;
/// - no manifest, or one that does not match → the index is rebuilt from every line.
struct ArchiveRecovery {
    let layout: ArchiveLayout
    let log: @Sendable (String) -> Void
    var progress: @Sendable (RebuildProgress) -> Void = { _ in }
    var checkpointKeys = 65_536

    /// Repairs, checks and loads; `forceRebuild` rebuilds the index whatever its state.
    func recover(forceRebuild: Bool = false) throws -> RecoveredArchive {
        let (segments, strangers) = try layout.segments()
        for name in strangers {
            log("archive: ignoring \(layout.archiveDirectory)/\(name): not a segment name (YYYY-MM[.NNNN].jsonl)")
        }
        try repairNewestSegment(segments)
        if let repaired = try repairAliases() { log(repaired) }
        let current = try currentSizes(segments)
        if forceRebuild {
            return try rebuild(segments, current: current, reason: "reindex requested", inMemoryWhenUnwritable: false)
        }
        let manifest: SeenIndexManifest?
        do {
            manifest = try SeenIndexManifest.load(directory: layout.indexDirectory)
        } catch {
            return try rebuild(segments, current: current, reason: "the seen-index is unusable: \(error)")
        }
        guard let manifest else {
            let empty = current.segments.allSatisfy { $0.size == 0 } && current.aliasesSize == 0
            return try rebuild(segments, current: current, reason: empty ? nil : "the seen-index is missing")
        }
        let hasher = DedupKeyHasher(sipHash: SipHash128(key0: manifest.sipKey0, key1: manifest.sipKey1))
        if let mismatch = try mismatch(of: manifest.covered, with: current, segments: segments, hasher: hasher) {
            return try rebuild(segments, current: current, reason: "the seen-index does not match the archive: \(mismatch)")
        }
        let runs: [SeenRun]
        do {
            runs = try manifest.runs.map { name throws(ArchiveError) in
                try SeenRun(path: layout.indexDirectory + "/" + name, hasher: hasher)
            }
        } catch {
            return try rebuild(segments, current: current, reason: "the seen-index is unusable: \(error)")
        }
        removeStrayIndexFiles(keeping: Set(manifest.runs))
        let index = SeenIndex(directory: layout.indexDirectory, hasher: hasher, runs: runs, covered: manifest.covered,
                              nextRun: manifest.nextRun, checkpointKeys: checkpointKeys, log: log)
        return try readTail(after: manifest.covered, into: index, hasher: hasher, segments: segments)
    }

    // MARK: Repairs

    private func repairNewestSegment(_ segments: [ArchiveLayout.Segment]) throws(ArchiveError) {
        // Only the newest segment with data can hold a torn write: rotation starts a new segment
        // only after every write to the previous one was synced.
        for segment in segments.reversed() {
            let size = try FileDescriptor(path: segment.path, flags: O_RDONLY).size()
            guard size > 0 else { continue }
            if let repaired = try TornLineRepair.repair(segmentAt: segment.path) { log(repaired) }
            return
        }
    }

    private func repairAliases() throws(ArchiveError) -> String? {
        guard FileManager.default.fileExists(atPath: layout.aliasesPath) else { return nil }
        return try TornLineRepair.repair(segmentAt: layout.aliasesPath)
    }

    /// The archive as it is now: segment sizes, alias log size (line count and last line unknown).
    private func currentSizes(_ segments: [ArchiveLayout.Segment]) throws(ArchiveError) -> ArchivePosition {
        var position = ArchivePosition()
        for segment in segments {
            position.segments.append(.init(name: segment.name.fileName,
                                           size: try FileDescriptor(path: segment.path, flags: O_RDONLY).size()))
        }
        if FileManager.default.fileExists(atPath: layout.aliasesPath) {
            position.aliasesSize = try FileDescriptor(path: layout.aliasesPath, flags: O_RDONLY).size()
        }
        return position
    }

    // MARK: Checking the manifest

    /// Why `covered` is not a prefix of the archive now, or nil when it is.
    private func mismatch(of covered: ArchivePosition, with current: ArchivePosition,
                          segments: [ArchiveLayout.Segment], hasher: DedupKeyHasher) throws -> String? {
        guard covered.segments.count <= current.segments.count else {
            return "it covers \(covered.segments.count) segments, the archive has \(current.segments.count)"
        }
        for (index, (was, now)) in zip(covered.segments, current.segments).enumerated() {
            guard was.name == now.name else { return "segment \(now.name) is not the \(was.name) it covers" }
            let isLast = index == covered.segments.count - 1
            if isLast ? now.size < was.size : now.size != was.size {
                return "segment \(now.name) has \(now.size) bytes where the index covers \(was.size)"
            }
        }
        guard current.aliasesSize >= covered.aliasesSize else {
            return "the alias log has \(current.aliasesSize) bytes where the index covers \(covered.aliasesSize)"
        }
        // The last line covered must still be there, byte for byte.
        guard let end = covered.segments.lastIndex(where: { $0.size > 0 }) else { return nil }
        guard let start = covered.lastLineStart, let expected = covered.lastLineHash, expected.count == 2,
              start >= 0, start < covered.segments[end].size else {
            return "it does not record the last line it covers"
        }
        let file = try FileDescriptor(path: segments[end].path, flags: O_RDONLY)
        var bytes = [UInt8](repeating: 0, count: Int(covered.segments[end].size - 1 - start))
        guard try file.read(into: &bytes, at: start) == bytes.count else { return "segment \(segments[end].name) is short" }
        let key = bytes.withUnsafeBytes { hasher.sipHash.hash($0) }
        guard key.low == expected[0], key.high == expected[1] else {
            return "the last line it covers in \(segments[end].name) has changed"
        }
        return nil
    }

    // MARK: Reading

    /// Reads what the archive holds past `covered` into `index`.
    private func readTail(after covered: ArchivePosition, into index: SeenIndex, hasher: DedupKeyHasher,
                          segments: [ArchiveLayout.Segment]) throws -> RecoveredArchive {
        var position = covered
        var reader = TailReader(hasher: hasher, index: index)
        for (number, segment) in segments.enumerated() {
            let start = number < covered.segments.count ? covered.segments[number].size : 0
            try reader.read(segment: segment, from: start, position: &position)
        }
        try reader.readAliases(path: layout.aliasesPath, from: covered.aliasesSize, position: &position)
        index.setHead(position)
        if reader.keys >= index.checkpointKeys || SeenIndex.bytes(from: covered, to: position) >= index.checkpointBytes {
            index.checkpoint()
        }
        if reader.invalid.count > 0 { log("archive: past the seen-index" + reader.invalid.sentence) }
        return RecoveredArchive(segments: segments, hasher: hasher, index: index, position: position,
                                invalidLineCount: reader.invalid.count)
    }

    /// Rebuilds the index from every line; logs why, unless `reason` is nil. When the index
    /// cannot be written, the archive still opens, with every key in memory, unless this is a
    /// reindex (which exists to write it).
    private func rebuild(_ segments: [ArchiveLayout.Segment], current: ArchivePosition, reason: String?,
                         inMemoryWhenUnwritable: Bool = true) throws -> RecoveredArchive {
        removeStrayIndexFiles(keeping: [])
        let hasher = DedupKeyHasher.random()
        var builder = SeenIndexBuilder(directory: layout.indexDirectory, hasher: hasher)
        let scan: Scan
        let runs: [SeenRun]
        let nextRun: Int
        do {
            scan = try self.scan(segments, total: current, hasher: hasher) { key in
                do throws(ArchiveError) { try builder.add(key) } catch { throw IndexWriteFailure(error: error) }
            }
            do throws(ArchiveError) {
                (runs, nextRun) = try builder.finish()
                try SeenIndexManifest(sipKey0: hasher.sipHash.key0, sipKey1: hasher.sipHash.key1, runs: runs.map(\.fileName),
                                      covered: scan.position, nextRun: nextRun).save(directory: layout.indexDirectory)
            } catch {
                throw IndexWriteFailure(error: error)
            }
        } catch let failure as IndexWriteFailure {
            removeStrayIndexFiles(keeping: [])
            guard inMemoryWhenUnwritable else { throw ArchiveError.indexNotWritten(reason: failure.error.description) }
            log("archive: cannot write the seen-index (\(failure.error)); carrying on from memory, "
                + "it will be rebuilt at the next start")
            let index = SeenIndex(directory: layout.indexDirectory, hasher: hasher, runs: [], covered: ArchivePosition(),
                                  nextRun: 0, checkpointKeys: checkpointKeys, failure: failure.error.description, log: log)
            let scan = try self.scan(segments, total: current, hasher: hasher) { key in _ = index.addRecovered(key) }
            index.setHead(scan.position)
            return RecoveredArchive(segments: segments, hasher: hasher, index: index, position: scan.position,
                                    invalidLineCount: scan.invalid.count)
        }
        let index = SeenIndex(directory: layout.indexDirectory, hasher: hasher, runs: runs, covered: scan.position,
                              nextRun: nextRun, checkpointKeys: checkpointKeys, log: log)
        if let reason {
            log("archive: rebuilt the seen-index from the archive (\(reason)): \(scan.position.lineCount) lines, "
                + "\(index.count) distinct items" + scan.invalid.sentence)
        }
        return RecoveredArchive(segments: segments, hasher: hasher, index: index, position: scan.position,
                                invalidLineCount: scan.invalid.count)
    }

    private struct IndexWriteFailure: Error {
        let error: ArchiveError
    }

    /// What a full read of the archive found.
    private struct Scan {
        var position = ArchivePosition()
        var invalid = InvalidLines()
    }

    /// Hands the key of every line and alias to `add`, reporting progress at the start and then
    /// every five seconds.
    private func scan(_ segments: [ArchiveLayout.Segment], total: ArchivePosition, hasher: DedupKeyHasher,
                      add: (SeenKey) throws -> Void) throws -> Scan {
        var scan = Scan()
        let totalBytes = SeenIndex.bytes(from: ArchivePosition(), to: total)
        var read: Int64 = 0
        var lines = 0
        // A report at once, so that whoever waits (systemd) hears of every rebuild, however short;
        // none for an empty archive (a first start), which has nothing to rebuild from.
        if totalBytes > 0 { progress(RebuildProgress(bytesRead: 0, totalBytes: totalBytes, lines: 0)) }
        var lastReport = Date()
        for segment in segments {
            var lastLine: (start: Int64, key: SeenKey)?
            var offset: Int64 = 0
            try LineReader.forEachLine(path: segment.path) { number, line in
                let (key, isRecord) = hasher.key(line: line)
                if !isRecord {
                    scan.invalid.note(ArchiveLineLocation(segmentPath: segment.path, lineNumber: number + 1).description)
                }
                try add(key)
                lastLine = (offset, hasher.sipHash.hash(line))
                offset += Int64(line.count) + 1
                lines += 1
                if lines % 4096 == 0, Date().timeIntervalSince(lastReport) >= 5 {
                    lastReport = Date()
                    progress(RebuildProgress(bytesRead: read + offset, totalBytes: totalBytes, lines: lines))
                }
            }
            read += offset
            scan.position.advance(segment: segment.name.fileName, by: offset, lines: 0)
            if let lastLine {
                scan.position.lastLineStart = lastLine.start
                scan.position.lastLineHash = [lastLine.key.low, lastLine.key.high]
            }
        }
        scan.position.lineCount = lines
        scan.position.aliasesSize = try forEachAlias(from: 0) { alias in try add(hasher.key(canonicalURL: alias.alias)) }
        return scan
    }

    /// Calls `body` with every alias line from byte `start` on; returns the size read up to.
    private func forEachAlias(from start: Int64, _ body: (AliasRecord) throws -> Void) throws -> Int64 {
        guard FileManager.default.fileExists(atPath: layout.aliasesPath) else { return 0 }
        var end = start
        try LineReader.forEachLine(path: layout.aliasesPath, startOffset: start) { _, line in
            end += Int64(line.count) + 1
            if let alias = AliasRecord(jsonLine: line) { try body(alias) }
        }
        return end
    }

    /// Index files the manifest does not name: runs of an unfinished checkpoint, merge or rebuild.
    private func removeStrayIndexFiles(keeping kept: Set<String>) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.indexDirectory)) ?? []
        for name in names where !kept.contains(name) && (name.hasSuffix(".seen") || name.hasSuffix(".tmp") || name == "seen.idx") {
            unlink(layout.indexDirectory + "/" + name)
        }
    }
}

/// Reads the archive past the covered position into the index, advancing the position.
private struct TailReader {
    let hasher: DedupKeyHasher
    let index: SeenIndex
    private(set) var keys = 0
    private(set) var invalid = InvalidLines()

    init(hasher: DedupKeyHasher, index: SeenIndex) {
        self.hasher = hasher
        self.index = index
    }

    mutating func read(segment: ArchiveLayout.Segment, from start: Int64, position: inout ArchivePosition) throws {
        var offset = start
        var lines = 0
        var lastLine: (start: Int64, key: SeenKey)?
        try LineReader.forEachLine(path: segment.path, startOffset: start) { number, line in
            let (key, isRecord) = hasher.key(line: line)
            if !isRecord { invalid.note("\(segment.path), byte \(offset)") }
            if index.addRecovered(key) { keys += 1 }
            lastLine = (offset, hasher.sipHash.hash(line))
            offset += Int64(line.count) + 1
            lines += 1
        }
        guard offset > start || !position.segments.contains(where: { $0.name == segment.name.fileName }) else { return }
        position.advance(segment: segment.name.fileName, by: offset - start, lines: lines)
        if let lastLine {
            position.lastLineStart = lastLine.start
            position.lastLineHash = [lastLine.key.low, lastLine.key.high]
        }
    }

    mutating func readAliases(path: String, from start: Int64, position: inout ArchivePosition) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var end = start
        try LineReader.forEachLine(path: path, startOffset: start) { _, line in
            end += Int64(line.count) + 1
            if let alias = AliasRecord(jsonLine: line), index.addRecovered(hasher.key(canonicalURL: alias.alias)) {
                keys += 1
            }
        }
        position.aliasesSize = end
    }
}

/// Lines of the archive that are not records: kept (the archive is the truth) but reported.
struct InvalidLines {
    private(set) var count = 0
    private var first: String?

    mutating func note(_ location: String) {
        count += 1
        if first == nil { first = location }
    }

    var sentence: String {
        guard let first else { return "" }
        return "; \(count) lines are not archive records and count for nothing (first at \(first))"
    }
}

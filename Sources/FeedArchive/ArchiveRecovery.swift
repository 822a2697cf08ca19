import Foundation

/// What opening finds once the archive is repaired and the seen-index agrees with it.
struct RecoveredArchive {
    let segments: [ArchiveLayout.Segment]
    let lineCount: Int
    let hasher: DedupKeyHasher
    let keys: SeenKeySet
    let index: SeenIndexWriter
    let invalidLineCount: Int
}

/// Brings the state directory back to a consistent state at open (the caller holds the lock):
/// repairs a torn end of the newest segment, then checks the seen-index against the archive,
/// which is the source of truth. Record k of the index is the key of archive line k, so:
///
/// - missing or unreadable index → rebuilt from the archive;
/// - more records than lines, or a last record that is not the key of its line → rebuilt;
/// - fewer records than lines (a crash between the archive sync and the index append) →
///   the missing keys are hashed and appended.
struct ArchiveRecovery {
    let layout: ArchiveLayout
    let log: @Sendable (String) -> Void

    /// Repairs, reconciles and loads; `forceRebuild` rebuilds the index whatever its state.
    func recover(forceRebuild: Bool = false) throws -> RecoveredArchive {
        let (segments, strangers) = try layout.segments()
        for name in strangers {
            log("archive: ignoring \(layout.archiveDirectory)/\(name): not a segment name (YYYY-MM[.NNNN].jsonl)")
        }
        try repairNewestSegment(segments)
        let lineCounts = try segments.map { segment throws(ArchiveError) in try LineReader.countLines(path: segment.path) }
        let lines = ArchiveLines(segments: segments, lineCounts: lineCounts)
        if forceRebuild { return try rebuild(lines, reason: "reindex requested") }
        switch try SeenIndexFile.load(path: layout.indexPath) {
        case .missing:
            // A new state directory has neither archive nor index: nothing to report.
            return try rebuild(lines, reason: lines.total == 0 ? nil : "the seen-index is missing")
        case let .corrupt(why):
            return try rebuild(lines, reason: "the seen-index is unusable: \(why)")
        case let .usable(contents):
            return try reconcile(contents, with: lines)
        }
    }

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

    private func reconcile(_ contents: consuming SeenIndexFile.Contents, with lines: ArchiveLines) throws -> RecoveredArchive {
        let records = contents.recordCount
        if records > lines.total {
            return try rebuild(lines, reason: "the seen-index has \(records) records but the archive has \(lines.total) lines")
        }
        if records > 0, let lastKey = contents.lastKey {
            let lineKey = try lines.key(ofLine: records - 1, hasher: contents.hasher)
            guard lineKey == lastKey else {
                return try rebuild(lines, reason: "its record \(records) does not match archive line \(records)")
            }
        }
        // Moved out, so that the set alone holds its storage and merges without copying it.
        var keys = contents.takeKeys()
        let index = SeenIndexWriter.appending(to: layout.indexPath)
        var invalid = InvalidLines()
        try lines.forEachLine(from: records) { line, location in
            let (key, isRecord) = contents.hasher.key(line: line)
            if !isRecord { invalid.note(location) }
            keys.insert(key)
            index.add(key)
        }
        index.flush()
        reportIndexFailure(of: index)
        if records < lines.total {
            log("archive: the seen-index was \(lines.total - records) lines behind the archive; caught up"
                + invalid.sentence)
        }
        return RecoveredArchive(segments: lines.segments, lineCount: lines.total, hasher: contents.hasher,
                                keys: keys, index: index, invalidLineCount: invalid.count)
    }

    /// The index is derived: failing to write it costs a rebuild at the next start, not the archive.
    private func reportIndexFailure(of index: SeenIndexWriter) {
        guard let failure = index.failure else { return }
        log("archive: cannot write the seen-index (\(failure)); carrying on from memory, "
            + "it will be rebuilt at the next start")
    }

    /// Rebuilds the index from every archive line; logs why, unless `reason` is nil.
    private func rebuild(_ lines: ArchiveLines, reason: String?) throws -> RecoveredArchive {
        let hasher = DedupKeyHasher.random()
        let index = SeenIndexWriter.replacing(layout.indexPath, hasher: hasher)
        var builder = SeenKeySetBuilder()
        var invalid = InvalidLines()
        try lines.forEachLine(from: 0) { line, location in
            let (key, isRecord) = hasher.key(line: line)
            if !isRecord { invalid.note(location) }
            builder.append(key)
            index.add(key)
        }
        let keys = builder.build()
        index.finishReplacement()
        reportIndexFailure(of: index)
        if let reason {
            log("archive: rebuilt the seen-index from the archive (\(reason)): \(lines.total) lines, "
                + "\(keys.count) distinct items" + invalid.sentence)
        }
        return RecoveredArchive(segments: lines.segments, lineCount: lines.total, hasher: hasher,
                                keys: keys, index: index, invalidLineCount: invalid.count)
    }
}

/// Lines of the archive that are not records: kept (the archive is the truth) but reported.
private struct InvalidLines {
    private(set) var count = 0
    private var first: String?

    mutating func note(_ location: ArchiveLineLocation) {
        count += 1
        if first == nil { first = location.description }
    }

    var sentence: String {
        guard let first else { return "" }
        return "; \(count) lines are not archive records and count for nothing (first at \(first))"
    }
}

import Dispatch
import Foundation
import Synchronization

/// The set of dedup keys of everything archived, kept mostly on disk so that memory does not grow
/// with the archive's history.
///
/// - Keys of appends under way (`inFlight`) and keys made durable since the last checkpoint
///   (`recent`) are in memory: at most `checkpointKeys` of them, plus what is in flight.
/// - Everything older is in run files (`SeenRun`): sorted keys on disk, their filter in memory.
///   A checkpoint writes `recent` out as a new run and records, in the manifest, the archive
///   position the runs now cover. Runs are merged in the background so that there are only a
///   few (each newer run under a quarter of the one before).
///
/// The archive is the truth: opening reads what lies past the covered position back into
/// `recent`, and rebuilds everything when the index and the archive disagree. Index files are
/// derived data: when they cannot be written the index carries on in memory and says so once.
final class SeenIndex: Sendable {
    let directory: String
    let hasher: DedupKeyHasher
    /// Recent keys that trigger a checkpoint; tests lower it.
    let checkpointKeys: Int
    /// Archive bytes past the covered position that trigger one, so the tail read at the next
    /// open stays short even when lines are long.
    let checkpointBytes: Int64

    private struct State {
        var runs: [SeenRun]
        var inFlight: Set<SeenKey> = []
        var recent: Set<SeenKey> = []
        /// What the runs cover, and the archive position after the last durable append.
        var covered: ArchivePosition
        var head: ArchivePosition
        var nextRun: Int
        var merging = false
        var closing = false
        var failure: String?
    }

    private let state: Mutex<State>
    /// Held while a manifest is built and written, so an older one never lands after a newer.
    private let manifestWrite = Mutex(())
    private let mergeQueue = DispatchQueue(label: "feedd.seen-index.merge", qos: .utility)
    private let log: @Sendable (String) -> Void

    /// An index over `runs`, which cover `covered`; with `failure`, one that stays in memory.
    init(directory: String, hasher: DedupKeyHasher, runs: [SeenRun], covered: ArchivePosition, nextRun: Int,
         checkpointKeys: Int = 65_536, checkpointBytes: Int64 = 32 << 20, failure: String? = nil,
         log: @escaping @Sendable (String) -> Void) {
        self.directory = directory
        self.hasher = hasher
        self.checkpointKeys = max(1, checkpointKeys)
        self.checkpointBytes = checkpointBytes
        self.log = log
        state = Mutex(State(runs: runs, covered: covered, head: covered, nextRun: nextRun, failure: failure))
    }

    /// Distinct keys held (runs never share a key with each other or with `recent`).
    var count: Int {
        state.withLock { $0.runs.reduce($0.recent.count + $0.inFlight.count) { $0 + $1.keyCount } }
    }

    /// Memory the index holds: filters and fences of the runs, and the in-memory keys.
    var memoryBytes: Int {
        state.withLock { state in
            let table = (state.recent.capacity + state.inFlight.capacity) * (MemoryLayout<SeenKey>.stride + 1) * 4 / 3
            return state.runs.reduce(table) { $0 + $1.memoryBytes }
        }
    }

    /// Run files in use, oldest first.
    var runFileNames: [String] { state.withLock { $0.runs.map(\.fileName) } }

    /// Whether `key` is archived or being archived.
    func contains(_ key: SeenKey) -> Bool {
        guard let runs = state.withLock({ state -> [SeenRun]? in
            state.inFlight.contains(key) || state.recent.contains(key) ? nil : state.runs
        }) else { return true }
        // Newest first: the items a feed still lists are usually recent ones.
        return runs.reversed().contains { $0.contains(key) }
    }

    /// Whether `key` is durably archived (not merely in an append under way).
    func isDurable(_ key: SeenKey) -> Bool {
        guard let runs = state.withLock({ state -> [SeenRun]? in state.recent.contains(key) ? nil : state.runs }) else {
            return true
        }
        return runs.reversed().contains { $0.contains(key) }
    }

    /// Claims `key` for an append; false when it is archived or claimed already. Called by one
    /// caller at a time (the archive actor), so the check and the claim cannot interleave.
    func reserve(_ key: SeenKey) -> Bool {
        guard !contains(key) else { return false }
        return state.withLock { $0.inFlight.insert(key).inserted }
    }

    /// Gives back the claims of an append that failed.
    func release(_ keys: [SeenKey]) {
        state.withLock { state in
            for key in keys { state.inFlight.remove(key) }
        }
    }

    /// Keys read back from the archive at open, durable already.
    func addRecovered(_ key: SeenKey) -> Bool {
        guard !contains(key) else { return false }
        return state.withLock { $0.recent.insert(key).inserted }
    }

    /// Sets the position of the end of the archive (at open, after reading the tail).
    func setHead(_ position: ArchivePosition) {
        state.withLock { $0.head = position }
    }

    /// Called once the lines holding `keys` are durable, with the archive position after them;
    /// checkpoints when enough has gathered. Runs on the archive's writer queue.
    func committed(_ keys: [SeenKey], head: ArchivePosition) {
        let due = state.withLock { state -> Bool in
            for key in keys {
                state.inFlight.remove(key)
                state.recent.insert(key)
            }
            state.head = head
            return state.recent.count >= checkpointKeys || Self.bytes(from: state.covered, to: head) >= checkpointBytes
        }
        if due { checkpoint() }
    }

    /// Writes the recent keys out as a run and records the position they reach; also how the
    /// index is left at close.
    func checkpoint() {
        let (keys, head, number) = state.withLock { state -> ([SeenKey], ArchivePosition, Int)? in
            guard state.failure == nil, state.head != state.covered else { return nil }
            defer { state.nextRun += 1 }
            return (Array(state.recent), state.head, state.nextRun)
        } ?? ([], ArchivePosition(), -1)
        guard number >= 0 else { return }
        do throws(ArchiveError) {
            var run: SeenRun?
            if !keys.isEmpty {
                let path = directory + "/" + SeenIndexManifest.runFileName(number)
                let writer = try SeenRunWriter(path: path, hasher: hasher, capacity: keys.count)
                do throws(ArchiveError) {
                    for key in keys.sorted() { try writer.add(key) }
                    _ = try writer.finish()
                } catch {
                    writer.discard()
                    throw error
                }
                run = try SeenRun(path: path, hasher: hasher)
            }
            state.withLock { state in
                if let run { state.runs.append(run) }
                for key in keys { state.recent.remove(key) }
                state.covered = head
            }
            try saveManifest()
        } catch {
            giveUp("cannot write the seen-index (\(error))")
            return
        }
        scheduleMerge()
    }

    /// Stops merging and writes the last checkpoint; the index is not used afterwards.
    func close() {
        state.withLock { $0.closing = true }
        mergeQueue.sync {}
        checkpoint()
    }

    // MARK: Merging

    /// Merges the newest runs in the background when one is no smaller than a quarter of the one
    /// before it, so a lookup that passes the filters reads few runs.
    private func scheduleMerge() {
        let chosen = state.withLock { state -> [SeenRun]? in
            guard !state.merging, !state.closing, state.failure == nil, let picked = Self.mergeCandidates(state.runs) else {
                return nil
            }
            state.merging = true
            return picked
        }
        guard let chosen else { return }
        mergeQueue.async { self.merge(chosen) }
    }

    /// The newest runs to merge into one, or nil when the sizes are already spread out enough.
    static func mergeCandidates(_ runs: [SeenRun]) -> [SeenRun]? {
        guard runs.count >= 2 else { return nil }
        var first = runs.count - 1
        var total = runs[first].keyCount
        while first > 0, runs[first - 1].keyCount <= 4 * total {
            first -= 1
            total += runs[first].keyCount
        }
        return first < runs.count - 1 ? Array(runs[first...]) : nil
    }

    private func merge(_ sources: [SeenRun]) {
        let number = state.withLock { state -> Int in
            defer { state.nextRun += 1 }
            return state.nextRun
        }
        let path = directory + "/" + SeenIndexManifest.runFileName(number)
        do throws(ArchiveError) {
            guard let merged = try SeenRunMerger.merge(sources, into: path, hasher: hasher, stop: { [self] in
                state.withLock { $0.closing }
            }) else {
                state.withLock { $0.merging = false }
                return
            }
            state.withLock { state in
                // Checkpoints may have added runs after the sources meanwhile: replace the sources only.
                let identifiers = Set(sources.map { ObjectIdentifier($0) })
                if let position = state.runs.firstIndex(where: { identifiers.contains(ObjectIdentifier($0)) }) {
                    state.runs.removeAll { identifiers.contains(ObjectIdentifier($0)) }
                    state.runs.insert(merged, at: position)
                }
            }
            try saveManifest()
            for source in sources { unlink(source.path) }
        } catch {
            unlink(path)
            log("seen-index: merging runs failed (\(error)); lookups carry on over the unmerged runs")
        }
        state.withLock { $0.merging = false }
        scheduleMerge()
    }

    // MARK: Manifest

    private func saveManifest() throws(ArchiveError) {
        try manifestWrite.withLock { _ throws(ArchiveError) in
            let manifest = state.withLock { state in
                SeenIndexManifest(sipKey0: hasher.sipHash.key0, sipKey1: hasher.sipHash.key1,
                                  runs: state.runs.map(\.fileName), covered: state.covered, nextRun: state.nextRun)
            }
            try manifest.save(directory: directory)
        }
    }

    private func giveUp(_ problem: String) {
        let first = state.withLock { state -> Bool in
            defer { if state.failure == nil { state.failure = problem } }
            return state.failure == nil
        }
        if first {
            log("seen-index: \(problem); carrying on from memory, the index will catch up at the next start")
        }
    }

    /// Archive bytes between two positions (segments only grow, and new ones come last).
    static func bytes(from start: ArchivePosition, to end: ArchivePosition) -> Int64 {
        let before = start.segments.reduce(Int64(0)) { $0 + $1.size } + start.aliasesSize
        let after = end.segments.reduce(Int64(0)) { $0 + $1.size } + end.aliasesSize
        return after - before
    }
}

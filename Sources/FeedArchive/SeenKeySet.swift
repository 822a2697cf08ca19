/// The set of seen keys, at close to 16 bytes a key and with no doubling on growth.
///
/// Most keys sit in one sorted run of distinct keys (`SeenKeyStorage`, found through a
/// `SeenKeyDirectory`). Keys inserted since the last merge wait in a small hash set, `recent`;
/// once it holds a thirty-second of the run (at least `minimumRecentLimit` keys) it is sorted and
/// merged into the run from the back, in place, in one pass. Removing a key of the run (rare:
/// only the keys of a failed append are removed) leaves it in `forgotten` until the next merge
/// drops it. So `recent` and the run never share a key, and `forgotten` is a part of the run.
struct SeenKeySet {
    private var storage: SeenKeyStorage
    /// Slots `0 ..< runCount` of `storage` hold the sorted run.
    private var runCount: Int
    private var directory: SeenKeyDirectory
    private var recent: Set<SeenKey> = []
    private var forgotten: Set<SeenKey> = []
    private let minimumRecentLimit: Int

    /// An empty set; `minimumRecentLimit` is how many recent keys may wait for a merge while the
    /// run is short (tests lower it to merge often).
    init(minimumRecentLimit: Int = 4096) {
        self.init(storage: SeenKeyStorage(), sortedCount: 0, minimumRecentLimit: minimumRecentLimit)
    }

    /// The set of the keys in slots `0 ..< sortedCount` of `storage`, which are sorted and distinct.
    init(storage: SeenKeyStorage, sortedCount: Int, minimumRecentLimit: Int = 4096) {
        self.storage = storage
        runCount = sortedCount
        directory = SeenKeyDirectory(slots: storage.slots, count: sortedCount)
        self.minimumRecentLimit = max(1, minimumRecentLimit)
    }

    /// The number of keys in the set.
    var count: Int { runCount - forgotten.count + recent.count }

    /// Memory the set holds: its key chunks, its directory and its tables of recent and
    /// forgotten keys (a native Set: a power-of-two table at most 3/4 full, plus a bit a bucket).
    var byteCount: Int {
        storage.allocatedBytes + directory.byteCount + Self.tableBytes(recent) + Self.tableBytes(forgotten)
    }

    /// Whether `key` is in the set.
    func contains(_ key: SeenKey) -> Bool {
        if recent.contains(key) { return true }
        return runContains(key) && (forgotten.isEmpty || !forgotten.contains(key))
    }

    /// Adds `key`; true when it was not in the set.
    @discardableResult
    mutating func insert(_ key: SeenKey) -> Bool {
        if runContains(key) {
            return !forgotten.isEmpty && forgotten.remove(key) != nil
        }
        guard recent.insert(key).inserted else { return false }
        if recent.count + forgotten.count >= recentLimit { merge() }
        return true
    }

    /// Takes `key` out of the set; true when it was there.
    @discardableResult
    mutating func remove(_ key: SeenKey) -> Bool {
        if recent.remove(key) != nil { return true }
        guard runContains(key), forgotten.insert(key).inserted else { return false }
        if recent.count + forgotten.count >= recentLimit { merge() }
        return true
    }

    /// Merges what waits (recent keys in, forgotten keys out) into the sorted run now.
    mutating func merge() {
        guard !recent.isEmpty || !forgotten.isEmpty else { return }
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(count: runCount) }
        if !forgotten.isEmpty { dropForgotten() }
        if !recent.isEmpty { mergeRecent() }
        directory = SeenKeyDirectory(slots: storage.slots, count: runCount)
    }

    private var recentLimit: Int { max(minimumRecentLimit, runCount / 32) }

    private func runContains(_ key: SeenKey) -> Bool {
        directory.contains(key, in: storage.slots)
    }

    private mutating func dropForgotten() {
        let slots = storage.slots
        var kept = 0
        for index in 0 ..< runCount where !forgotten.contains(slots[index]) {
            slots[kept] = slots[index]
            kept += 1
        }
        runCount = kept
        forgotten.removeAll()
    }

    /// Merges from the back, so every run key moves at most once and nothing needs a second run.
    private mutating func mergeRecent() {
        var incoming = Array(recent)
        incoming.sort()
        storage.reserve(runCount + incoming.count)
        let slots = storage.slots
        var read = runCount - 1
        var write = runCount + incoming.count - 1
        for key in incoming.reversed() {
            while read >= 0, key < slots[read] {
                slots[write] = slots[read]
                read -= 1
                write -= 1
            }
            slots[write] = key
            write -= 1
        }
        runCount += incoming.count
        recent.removeAll(keepingCapacity: true)
    }

    private static func tableBytes(_ table: Set<SeenKey>) -> Int {
        let buckets = table.capacity == 0 ? 0 : table.capacity * 4 / 3
        return buckets * MemoryLayout<SeenKey>.stride + buckets / 8
    }
}

/// Sendable as the standard library's collections are: a value with copy-on-write storage. The
/// storage is written only by `merge` once `isKnownUniquelyReferenced` says this value alone holds
/// it (else it is copied first), and a builder hands its storage over when consumed, so a copy
/// sent elsewhere is never written while another reads it.
extension SeenKeySet: @unchecked Sendable {}

import Synchronization

/// Dedup keys this node knows to exist in the shared archive (its own commits wrote them, or a
/// lookup found them) or is writing now. Items and aliases are never removed, so a key once
/// known stays known: a poll that finds its items here needs no lookup, and a round of writes
/// leaves out keys another round of this node has, which would otherwise fail its copy.
///
/// Bounded: two generations of at most `limit / 2` known keys each; when the newer fills, the
/// older is dropped. A key forgotten is merely looked up again.
final class KnownKeys: Sendable {
    private struct Sets {
        var newer: Set<String> = []
        var older: Set<String> = []
        var writing: Set<String> = []

        func contains(_ key: String) -> Bool {
            newer.contains(key) || older.contains(key) || writing.contains(key)
        }
    }

    private let sets = Mutex(Sets())
    private let limit: Int

    init(limit: Int = 200_000) {
        self.limit = max(2, limit)
    }

    /// For each key, whether it is known or being written.
    func contains(_ keys: [String]) -> [Bool] {
        sets.withLock { sets in keys.map(sets.contains) }
    }

    /// Marks as being written those of `keys` neither known nor being written, and returns them.
    func reserve(_ keys: [String]) -> [String] {
        sets.withLock { sets in
            keys.filter { key in
                guard !sets.contains(key) else { return false }
                sets.writing.insert(key)
                return true
            }
        }
    }

    /// Ends the reservation of `keys`; known from now on if their round committed.
    func finish(_ keys: [String], committed: Bool) {
        sets.withLock { sets in
            for key in keys { sets.writing.remove(key) }
        }
        if committed { insert(keys) }
    }

    func insert(_ keys: some Sequence<String>) {
        sets.withLock { sets in
            for key in keys {
                if sets.newer.count >= limit / 2 {
                    sets.older = sets.newer
                    sets.newer = []
                }
                sets.newer.insert(key)
            }
        }
    }
}

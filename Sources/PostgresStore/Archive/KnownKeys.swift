import Synchronization

/// Dedup keys this node knows to exist in the shared archive: those its own commits wrote and
/// those a lookup found. Items and aliases are never removed, so a key once known stays known:
/// a poll that finds its items here needs no lookup, and a batch sends only the rest.
///
/// Bounded: two generations of at most `limit / 2` keys each; when the newer fills, the older
/// is dropped. A key forgotten is merely looked up again.
final class KnownKeys: Sendable {
    private let generations: Mutex<(newer: Set<String>, older: Set<String>)>
    private let limit: Int

    init(limit: Int = 200_000) {
        self.limit = max(2, limit)
        generations = Mutex(([], []))
    }

    /// For each key, whether it is known.
    func contains(_ keys: [String]) -> [Bool] {
        generations.withLock { sets in keys.map { sets.newer.contains($0) || sets.older.contains($0) } }
    }

    func insert(_ keys: some Sequence<String>) {
        generations.withLock { sets in
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

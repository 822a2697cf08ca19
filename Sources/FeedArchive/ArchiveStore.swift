/// What the pipeline archives through: the local JSON Lines archive (`Archive`) or a store
/// shared by several nodes. One item is one canonical URL, archived once, whoever sees it first.
///
/// Keys are canonical URLs (see `DedupKey`): an item's own (`ArchiveEntry.record.canonicalURL`)
/// and its aliases, other keys known to lead to it (the feed-level key of an item whose page
/// named another canonical URL). `knows` answers for both kinds.
public protocol ArchiveStore: Sendable {
    /// For each key, whether an item is archived (or being archived) under it, as its canonical
    /// URL or as an alias.
    func knows(_ keys: [String]) async throws -> [Bool]

    /// The same, for keys of a feed nobody has polled yet (`firstSight`): a store whose lookups
    /// cost a server round may then answer from what it knows locally, and leave the rest to
    /// `archive`, which refuses a duplicate all the same. The caller passes it only when a key
    /// wrongly taken for new costs no more than building its record (no page fetch depends on it).
    func knows(_ keys: [String], firstSight: Bool) async throws -> [Bool]

    /// Archives the entries whose canonical URL is new and records every entry's aliases;
    /// returns, in order, what became of each. Returns once what it archived is durable: only
    /// then may the caller log it as ingested. On an error nothing of the call was archived.
    func archive(_ entries: [ArchiveEntry]) async throws -> [ArchiveOutcome]

    /// Finishes what is under way and releases the store; later calls throw.
    func close() async
}

extension ArchiveStore {
    /// Asks whatever `firstSight` says: right for a store whose lookups are cheap.
    public func knows(_ keys: [String], firstSight: Bool) async throws -> [Bool] {
        try await knows(keys)
    }
}

/// One item to archive, with the other keys that lead to it.
public struct ArchiveEntry: Sendable, Equatable {
    public var record: ArchiveRecord
    /// Other dedup keys of this item (e.g. its link's canonical form when its page named another
    /// canonical URL); remembered so that they are known, whether or not the record is new.
    public var aliases: [String]

    public init(record: ArchiveRecord, aliases: [String] = []) {
        self.record = record
        self.aliases = aliases
    }
}

/// What became of one entry.
public enum ArchiveOutcome: Sendable, Equatable {
    /// Archived now, durably.
    case archived
    /// An item with its canonical URL was archived already (or is being archived by another
    /// caller); its aliases were recorded.
    case duplicate
}

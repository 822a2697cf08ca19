import FeedArchive
import FeedURL
import Foundation

/// Copies a local JSON Lines archive (its items and aliases) into the database, for
/// `feedd migrate --from-local`. Idempotent: rows go in with `ON CONFLICT DO NOTHING`, so a
/// second run inserts nothing, and an item the database already has keeps its row.
public struct LocalImport: Sendable {
    let database: DatabaseQueue
    /// Written into the `node` column of what is copied.
    let node: String

    public init(database: DatabaseQueue, node: String) {
        self.database = database
        self.node = node
    }

    /// What a copy did.
    public struct Counts: Sendable, Equatable {
        public var itemsRead = 0
        public var itemsInserted = 0
        public var aliasesRead = 0
        public var aliasesInserted = 0
    }

    /// Copies the archive under `stateDirectory`, `batch` records per transaction; `progress`
    /// hears the counts after each batch.
    public func copy(stateDirectory: String, batch: Int = 2000, progress: (Counts) -> Void = { _ in }) throws -> Counts {
        var counts = Counts()
        var pending: [ArchiveEntry] = []
        let node = node
        let known = KnownKeys()
        func flush() throws {
            guard !pending.isEmpty else { return }
            let batch = PostgresArchive.Batch(pending)
            pending.removeAll(keepingCapacity: true)
            let outcomes = try database.runBlocking { connection throws(PostgresError) in
                try PostgresArchive.write([batch], node: node, known: known, connection)
            }
            counts.itemsInserted += outcomes.first?.filter { $0 == .archived }.count ?? 0
            progress(counts)
        }
        let reader = ArchiveReader(stateDirectory: stateDirectory)
        try reader.forEachRecord { record in
            counts.itemsRead += 1
            pending.append(ArchiveEntry(record: record))
            if pending.count >= batch { try flush() }
        }
        try flush()
        var aliases: [AliasRecord] = []
        func flushAliases() throws {
            guard !aliases.isEmpty else { return }
            let chunk = aliases
            aliases.removeAll(keepingCapacity: true)
            counts.aliasesInserted += try database.runBlocking { connection throws(PostgresError) in
                try Self.insertAliases(chunk, node: node, connection)
            }
        }
        try reader.forEachAlias { alias in
            counts.aliasesRead += 1
            aliases.append(alias)
            if aliases.count >= 10_000 { try flushAliases() }
        }
        try flushAliases()
        return counts
    }

    /// Inserts aliases whose item is in the database (an alias never leads nowhere); returns how many were new.
    static func insertAliases(_ aliases: [AliasRecord], node: String, _ connection: PGConnection) throws(PostgresError) -> Int {
        let sorted = aliases.sorted { $0.alias < $1.alias }
        return try connection.execute("""
            INSERT INTO aliases (alias, canonical_url, node)
            SELECT a, c, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(a, c, k)
            WHERE EXISTS (SELECT 1 FROM items WHERE dedup_key = k)
            ON CONFLICT (alias) DO NOTHING RETURNING alias
            """, [TextArrayLiteral.encode(sorted.map { DedupKey.of(canonicalURL: $0.alias) }),
                  TextArrayLiteral.encode(sorted.map(\.canonicalURL)),
                  TextArrayLiteral.encode(sorted.map { DedupKey.of(canonicalURL: $0.canonicalURL) }),
                  node]).rowCount
    }
}

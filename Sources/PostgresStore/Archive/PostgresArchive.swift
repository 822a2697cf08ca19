import FeedArchive
import FeedURL

/// The archive in PostgreSQL, shared by every node: one `items` row per dedup key, whoever
/// inserted it first, and `aliases` keyed by alias.
///
/// Calls that arrive while the connection is busy are gathered and served together: all pending
/// `knows` in one query, all pending `archive` calls in one transaction (a binary `COPY` straight
/// into `items`, or, when another writer has one of the keys, through a staging table and
/// `INSERT … ON CONFLICT DO NOTHING RETURNING`). `archive` returns once that transaction
/// committed, and reports `.archived` only for the rows this node inserted. Keys known to exist
/// (`KnownKeys`) are answered and left out without asking the server.
public final class PostgresArchive: ArchiveStore {
    private let writes: [DatabaseQueue]
    private let lookups: DatabaseQueue
    /// Written into each row's `node` column.
    public let node: String
    private let lookupCalls: GatheredCalls<Lookup>
    private let writeCalls: GatheredCalls<Write>
    private let knownKeys = KnownKeys()

    private typealias Lookup = (keys: [String], reply: CheckedContinuation<[Bool], any Error>)
    private typealias Write = (batch: Batch, reply: CheckedContinuation<[ArchiveOutcome], any Error>)

    /// One caller's entries with their rows already encoded.
    struct Batch: Sendable {
        let entries: [ArchiveEntry]
        let rows: [ItemColumns.EncodedRow]

        init(_ entries: [ArchiveEntry]) {
            self.entries = entries
            rows = entries.map { ItemColumns.EncodedRow($0.record) }
        }
    }

    /// Connections that write. One makes the fewest, largest rounds: while a round waits for its
    /// commit, the next gathers. More connections overlap one round's WAL flush with the next
    /// round, but each round is then smaller, and the server's CPU goes to per-round work: with
    /// one, the 1000-feed farm's cold poll took 290 rounds instead of 890, the server 0.77 s of
    /// CPU instead of 0.93 s, and it ended sooner on a 2-core machine (1.19–1.23 s against
    /// 1.28–1.30 s with three).
    static let writeConnections = 1

    /// Rows per COPY and INSERT, which keeps each to a few megabytes.
    static let rowsPerStatement = 2000

    /// Writes go through `database` (and `writeConnections - 1` more to the same database);
    /// lookups through `lookups`, a connection of their own by default, so that a poll's lookup
    /// never waits behind a commit.
    public init(database: DatabaseQueue, lookups: DatabaseQueue? = nil, node: String) {
        let writes = [database] + (1..<Self.writeConnections).map { _ in
            DatabaseQueue(uri: database.uri, applicationName: "feedd \(node) writes", label: "feedd.postgres.writes")
        }
        self.writes = writes
        let lookups = lookups ?? DatabaseQueue(uri: database.uri, applicationName: "feedd \(node) lookups",
                                               label: "feedd.postgres.lookups")
        self.lookups = lookups
        self.node = node
        let knownKeys = knownKeys
        lookupCalls = GatheredCalls(databases: [lookups], serve: { calls, connection in
            do throws(PostgresError) {
                let known = try Self.lookUp(calls.flatMap(\.keys), connection)
                knownKeys.insert(known)
                for call in calls { call.reply.resume(returning: call.keys.map { known.contains($0) }) }
            } catch {
                for call in calls { call.reply.resume(throwing: error) }
            }
        }, fail: { calls, error in
            for call in calls { call.reply.resume(throwing: error) }
        })
        writeCalls = GatheredCalls(databases: writes, serve: { calls, connection in
            var attempt = 0
            while true {
                do throws(PostgresError) {
                    let outcomes = try Self.write(calls.map(\.batch), node: node, known: knownKeys, connection)
                    for (call, outcome) in zip(calls, outcomes) { call.reply.resume(returning: outcome) }
                    return
                } catch {
                    // Two nodes' overlapping batches can deadlock despite the sorted keys (an
                    // alias and an item); PostgreSQL aborts one, which simply runs again.
                    attempt += 1
                    if error.isRetryable && attempt < 5 { continue }
                    for call in calls { call.reply.resume(throwing: error) }
                    return
                }
            }
        }, fail: { calls, error in
            for call in calls { call.reply.resume(throwing: error) }
        })
    }

    public func knows(_ keys: [String]) async throws -> [Bool] {
        try await knows(keys, firstSight: false)
    }

    /// On first sight of a feed, what this node knows (keys it committed, found or is writing),
    /// without asking the server: a cold start of a thousand feeds is a thousand lookups fewer
    /// (on the 1000-feed farm a quarter of the server's CPU). A key another node archived is
    /// then refused by the insert, and reported as a duplicate.
    public func knows(_ keys: [String], firstSight: Bool) async throws -> [Bool] {
        guard !keys.isEmpty else { return [] }
        let folded = keys.map { DedupKey.of(canonicalURL: $0) }
        var known = knownKeys.contains(folded)
        if firstSight { return known }
        let asked = folded.indices.filter { !known[$0] }
        guard !asked.isEmpty else { return known }
        let askedKeys = asked.map { folded[$0] }
        let answers = try await withCheckedThrowingContinuation { continuation in
            if !lookupCalls.submit((askedKeys, continuation)) { continuation.resume(throwing: ArchiveError.closed) }
        }
        for (index, answer) in zip(asked, answers) { known[index] = answer }
        return known
    }

    public func archive(_ entries: [ArchiveEntry]) async throws -> [ArchiveOutcome] {
        guard !entries.isEmpty else { return [] }
        let batch = Batch(entries)
        return try await withCheckedThrowingContinuation { continuation in
            if !writeCalls.submit((batch, continuation)) { continuation.resume(throwing: ArchiveError.closed) }
        }
    }

    /// Lets queued work finish; later calls throw `ArchiveError.closed`.
    public func close() async {
        lookupCalls.close()
        writeCalls.close()
        await lookups.close()
        for queue in writes { await queue.close() }
    }

    /// The dedup keys among `keys` (dedup keys already) that are archived, as an item or as an alias.
    static func lookUp(_ keys: [String], _ connection: PGConnection) throws(PostgresError) -> Set<String> {
        let folded = Array(Set(keys))
        let result = try connection.execute("""
            SELECT k FROM unnest($1::text[]) AS k
            WHERE EXISTS (SELECT 1 FROM items WHERE dedup_key = k) OR EXISTS (SELECT 1 FROM aliases WHERE alias = k)
            """, [TextArrayLiteral.encode(folded)])
        return Set(result.firstColumn.compactMap { $0 })
    }

    /// Inserts every request's entries in one transaction; the outcomes, per request, in order.
    static func write(_ requests: [Batch], node: String, known: KnownKeys,
                      _ connection: PGConnection) throws(PostgresError) -> [[ArchiveOutcome]] {
        // The first entry of each dedup key in the batch is the one that may be new. Rows go in
        // sorted by key, so two nodes inserting overlapping batches take row locks in one order.
        var firstByKey: [String: (request: Int, entry: Int)] = [:]
        var aliases: [String: String] = [:]
        for (requestIndex, request) in requests.enumerated() {
            for (entryIndex, entry) in request.entries.enumerated() {
                let key = request.rows[entryIndex].dedupKey
                if firstByKey[key] == nil { firstByKey[key] = (requestIndex, entryIndex) }
                for alias in entry.aliases {
                    let aliasKey = DedupKey.of(canonicalURL: alias)
                    if aliasKey != key && aliases[aliasKey] == nil { aliases[aliasKey] = entry.record.canonicalURL }
                }
            }
        }
        // A key known to exist, or being written by another round of this node (say the same
        // article from another feed), is a duplicate without asking; the others are reserved.
        let keys = known.reserve(Array(firstByKey.keys)).sorted()
        let aliasKeys = aliases.keys.sorted()
        let inserted: Set<String>
        do throws(PostgresError) {
            inserted = try insert(keys.compactMap { key in firstByKey[key].map { requests[$0.request].rows[$0.entry] } },
                                  aliasKeys: aliasKeys, aliases: aliases, node: node, connection)
        } catch {
            known.finish(keys, committed: false)
            throw error
        }
        known.finish(keys, committed: true)
        known.insert(aliasKeys)
        return requests.enumerated().map { requestIndex, request in
            request.rows.enumerated().map { entryIndex, row in
                let key = row.dedupKey
                guard let first = firstByKey[key], first == (requestIndex, entryIndex), inserted.contains(key) else { return .duplicate }
                return .archived
            }
        }
    }

    /// Inserts `rows` (sorted by key) and the aliases in one transaction; the keys inserted.
    private static func insert(_ rows: [ItemColumns.EncodedRow], aliasKeys: [String], aliases: [String: String], node: String,
                               _ connection: PGConnection) throws(PostgresError) -> Set<String> {
        var inserted = Set<String>()
        if !rows.isEmpty || !aliasKeys.isEmpty {
            do throws(PostgresError) {
                inserted = try connection.transaction { () throws(PostgresError) -> Set<String> in
                    for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
                        try connection.copyIn(ItemColumns.copySQL,
                                              data: ItemColumns.copyData(rows[start..<min(rows.count, start + rowsPerStatement)], node: node))
                    }
                    try insertAliases(aliasKeys, aliases, node: node, connection)
                    return Set(rows.map(\.dedupKey))
                }
            } catch let error where error.sqlState == "23505" {
                // Another writer has one of the keys (committed, or just now): the whole round
                // again, keeping the rows that are new.
                inserted = try connection.transaction { () throws(PostgresError) -> Set<String> in
                    let inserted = try insertStaged(rows, node: node, connection)
                    try insertAliases(aliasKeys, aliases, node: node, connection)
                    return inserted
                }
            }
        }
        return inserted
    }

    /// Inserts `rows` through the staging table, skipping keys that exist; the keys inserted.
    private static func insertStaged(_ rows: [ItemColumns.EncodedRow], node: String,
                                     _ connection: PGConnection) throws(PostgresError) -> Set<String> {
        if !connection.prepared.contains(ItemColumns.stagingTable) {
            try connection.execute(ItemColumns.createStagingSQL)
            connection.prepared.insert(ItemColumns.stagingTable)
        }
        var inserted = Set<String>()
        for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
            let end = min(rows.count, start + rowsPerStatement)
            try connection.copyIn(ItemColumns.copyStagingSQL, data: ItemColumns.copyData(rows[start..<end], node: node))
            for key in try connection.execute(ItemColumns.insertSQL).firstColumn { if let key { inserted.insert(key) } }
            if end < rows.count { try connection.execute("TRUNCATE \(ItemColumns.stagingTable)") }
        }
        return inserted
    }

    /// Records aliases (sorted keys) not recorded yet. Run after the items of the round are
    /// in: every entry's item exists by then (inserted here, or committed by whoever had it),
    /// so an alias never points at an item that could still fail to be written.
    private static func insertAliases(_ aliasKeys: [String], _ aliases: [String: String], node: String,
                                      _ connection: PGConnection) throws(PostgresError) {
        guard !aliasKeys.isEmpty else { return }
        try connection.execute("""
            INSERT INTO aliases (alias, canonical_url, node) SELECT a, c, $3 FROM unnest($1::text[], $2::text[]) AS t(a, c)
            ON CONFLICT (alias) DO NOTHING
            """, [TextArrayLiteral.encode(aliasKeys), TextArrayLiteral.encode(aliasKeys.map { aliases[$0] ?? "" }), node])
    }
}

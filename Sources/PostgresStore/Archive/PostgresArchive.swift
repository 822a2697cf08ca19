import FeedArchive
import FeedURL
import Synchronization

/// The archive in PostgreSQL, shared by every node: one `items` row per dedup key, whoever
/// inserted it first, and `aliases` keyed by alias.
///
/// Calls that arrive while the connection is busy are gathered and served together: all pending
/// `knows` in one query, all pending `archive` calls in one transaction (one multi-row
/// `INSERT … ON CONFLICT DO NOTHING RETURNING` per few thousand rows). `archive` returns once that
/// transaction committed, and reports `.archived` only for the rows this node inserted.
public final class PostgresArchive: ArchiveStore {
    private let database: DatabaseQueue
    /// Written into each row's `node` column.
    public let node: String
    private let pending = Mutex(Pending())

    private struct Pending {
        var lookups: [(keys: [String], reply: CheckedContinuation<[Bool], any Error>)] = []
        var writes: [(entries: [ArchiveEntry], reply: CheckedContinuation<[ArchiveOutcome], any Error>)] = []
        var drainScheduled = false
        var closed = false
    }

    /// Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement.
    static let rowsPerStatement = 65_535 / ItemColumns.inserted.count

    public init(database: DatabaseQueue, node: String) {
        self.database = database
        self.node = node
    }

    public func knows(_ keys: [String]) async throws -> [Bool] {
        guard !keys.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            enqueue { pending in pending.lookups.append((keys, continuation)) } rejected: {
                continuation.resume(throwing: ArchiveError.closed)
            }
        }
    }

    public func archive(_ entries: [ArchiveEntry]) async throws -> [ArchiveOutcome] {
        guard !entries.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            enqueue { pending in pending.writes.append((entries, continuation)) } rejected: {
                continuation.resume(throwing: ArchiveError.closed)
            }
        }
    }

    /// Lets queued work finish; later calls throw `ArchiveError.closed`.
    public func close() async {
        pending.withLock { $0.closed = true }
        await database.close()
    }

    private func enqueue(_ add: (inout Pending) -> Void, rejected: () -> Void) {
        let schedule = pending.withLock { state -> Bool? in
            guard !state.closed else { return nil }
            add(&state)
            guard !state.drainScheduled else { return false }
            state.drainScheduled = true
            return true
        }
        switch schedule {
        case nil: rejected()
        case true?: drain()
        case false?: break
        }
    }

    /// Takes everything queued and serves it in one round on the connection's queue.
    private func drain() {
        let node = node
        database.dispatch({ connection throws(PostgresError) -> Void in
            let batch = self.takeQueued()
            if !batch.0.isEmpty {
                do throws(PostgresError) {
                    let known = try Self.lookUp(batch.0.flatMap(\.keys), connection)
                    for lookup in batch.0 { lookup.reply.resume(returning: lookup.keys.map { known.contains(DedupKey.of(canonicalURL: $0)) }) }
                } catch {
                    for lookup in batch.0 { lookup.reply.resume(throwing: error) }
                }
            }
            if !batch.1.isEmpty {
                let requests = batch.1.map(\.entries)
                var attempt = 0
                while true {
                    do throws(PostgresError) {
                        let outcomes = try Self.write(requests, node: node, connection)
                        for (write, outcome) in zip(batch.1, outcomes) { write.reply.resume(returning: outcome) }
                        break
                    } catch {
                        attempt += 1
                        if error.isRetryable && attempt < 5 { continue }
                        for write in batch.1 { write.reply.resume(throwing: error) }
                        break
                    }
                }
            }
        }, completion: { result in
            // A failure to connect reaches here before the batch was taken: fail what is queued.
            guard case .failure(let error) = result else { return }
            let batch = self.takeQueued()
            for lookup in batch.0 { lookup.reply.resume(throwing: error) }
            for write in batch.1 { write.reply.resume(throwing: error) }
        })
    }

    /// Everything queued so far; the next call to `enqueue` schedules a new drain.
    private func takeQueued() -> ([(keys: [String], reply: CheckedContinuation<[Bool], any Error>)],
                                  [(entries: [ArchiveEntry], reply: CheckedContinuation<[ArchiveOutcome], any Error>)]) {
        pending.withLock { state in
            defer {
                state.lookups = []
                state.writes = []
                state.drainScheduled = false
            }
            return (state.lookups, state.writes)
        }
    }

    /// The dedup keys among `keys` that are archived, as an item or as an alias.
    static func lookUp(_ keys: [String], _ connection: PGConnection) throws(PostgresError) -> Set<String> {
        let folded = Array(Set(keys.map { DedupKey.of(canonicalURL: $0) }))
        let result = try connection.execute("""
            SELECT k FROM unnest($1::text[]) AS k
            WHERE EXISTS (SELECT 1 FROM items WHERE dedup_key = k) OR EXISTS (SELECT 1 FROM aliases WHERE alias = k)
            """, [TextArrayLiteral.encode(ItemColumns.texts(folded))])
        return Set(result.firstColumn.compactMap { $0 })
    }

    /// Inserts every request's entries in one transaction; the outcomes, per request, in order.
    static func write(_ requests: [[ArchiveEntry]], node: String, _ connection: PGConnection) throws(PostgresError) -> [[ArchiveOutcome]] {
        // The first entry of each dedup key in the batch is the one that may be new. Rows go in
        // sorted by key, so two nodes inserting overlapping batches take row locks in one order.
        var firstByKey: [String: (request: Int, entry: Int)] = [:]
        var aliases: [String: String] = [:]
        for (requestIndex, entries) in requests.enumerated() {
            for (entryIndex, entry) in entries.enumerated() {
                let key = DedupKey.of(canonicalURL: entry.record.canonicalURL)
                if firstByKey[key] == nil { firstByKey[key] = (requestIndex, entryIndex) }
                for alias in entry.aliases {
                    let aliasKey = DedupKey.of(canonicalURL: alias)
                    if aliasKey != key && aliases[aliasKey] == nil { aliases[aliasKey] = entry.record.canonicalURL }
                }
            }
        }
        let keys = firstByKey.keys.sorted()
        let inserted = try connection.transaction { () throws(PostgresError) -> Set<String> in
            var inserted = Set<String>()
            for start in stride(from: 0, to: keys.count, by: rowsPerStatement) {
                let chunk = keys[start..<min(keys.count, start + rowsPerStatement)]
                var values: [String?] = []
                values.reserveCapacity(chunk.count * ItemColumns.inserted.count)
                for key in chunk {
                    guard let place = firstByKey[key] else { continue }
                    ItemColumns.parameters(requests[place.request][place.entry].record, node: node, into: &values)
                }
                let sql = "INSERT INTO items (\(ItemColumns.inserted.map(\.name).joined(separator: ", "))) VALUES "
                    + placeholders(rows: chunk.count, casts: ItemColumns.inserted.map(\.cast))
                    + " ON CONFLICT (dedup_key) DO NOTHING RETURNING dedup_key"
                for key in try connection.execute(sql, values).firstColumn { if let key { inserted.insert(key) } }
            }
            // Every entry's item exists now (inserted here, or committed by whoever had it), so
            // its aliases never point at an item that could still fail to be written.
            let aliasKeys = aliases.keys.sorted()
            for start in stride(from: 0, to: aliasKeys.count, by: 20_000) {
                let chunk = aliasKeys[start..<min(aliasKeys.count, start + 20_000)]
                var values: [String?] = []
                for alias in chunk { values += [ItemColumns.text(alias) as String, ItemColumns.text(aliases[alias] ?? "") as String, node] }
                try connection.execute("INSERT INTO aliases (alias, canonical_url, node) VALUES "
                    + placeholders(rows: chunk.count, casts: ["text", "text", "text"]) + " ON CONFLICT (alias) DO NOTHING", values)
            }
            return inserted
        }
        return requests.enumerated().map { requestIndex, entries in
            entries.enumerated().map { entryIndex, entry in
                let key = DedupKey.of(canonicalURL: entry.record.canonicalURL)
                guard let first = firstByKey[key], first == (requestIndex, entryIndex), inserted.contains(key) else { return .duplicate }
                return .archived
            }
        }
    }

    /// `($1::text, $2::jsonb, …), (…)` for `rows` rows.
    static func placeholders(rows: Int, casts: [String]) -> String {
        var text = ""
        text.reserveCapacity(rows * casts.count * 12)
        var parameter = 0
        for row in 0..<rows {
            text += row == 0 ? "(" : ", ("
            for (column, cast) in casts.enumerated() {
                parameter += 1
                text += column == 0 ? "$\(parameter)::\(cast)" : ", $\(parameter)::\(cast)"
            }
            text += ")"
        }
        return text
    }
}

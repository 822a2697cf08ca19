import FeedURL
import Foundation

/// What `feedd status` and `feedd reindex` say about a shared store.
public struct StoreSummary: Sendable {
    let database: DatabaseQueue

    public init(database: DatabaseQueue) {
        self.database = database
    }

    /// One live node: its name and how many hosts it holds.
    public struct Node: Sendable, Equatable {
        public var name: String
        public var hosts: Int
        public var lastSeenSecondsAgo: Double
    }

    /// Items, aliases, the schema version and the nodes seen within `lease` seconds.
    public struct Overview: Sendable {
        public var schemaVersion: Int
        public var items: Int
        public var aliases: Int
        public var nodes: [Node]
        public var hostsLeased: Int
        public var hosts: Int
        /// Items fetched in the last 24 hours.
        public var itemsLast24Hours: Int
    }

    public func overview(leaseSeconds: Int) throws -> Overview {
        try database.runBlocking { connection throws(PostgresError) in
            let version = try SchemaMigrator.version(connection)
            guard version > 0 else {
                throw PostgresError(.incompatible, "the database has no feedd schema yet: run feedd migrate")
            }
            let counts = try connection.execute("""
                SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM aliases),
                       (SELECT count(*) FROM hosts WHERE expires_at > now()), (SELECT count(*) FROM hosts),
                       (SELECT count(*) FROM items WHERE fetched_at >= now() - interval '1 day')
                """)
            let nodes = try connection.execute("""
                SELECT n.name, count(h.host), extract(epoch FROM now() - n.last_seen)
                FROM nodes n LEFT JOIN hosts h ON h.node = n.id AND h.expires_at > now()
                WHERE n.last_seen > now() - $1::int * interval '1 second'
                GROUP BY n.id, n.name, n.last_seen ORDER BY n.name
                """, [String(leaseSeconds)])
            return Overview(
                schemaVersion: version, items: counts.int(0, 0) ?? 0, aliases: counts.int(0, 1) ?? 0,
                nodes: (0..<nodes.rowCount).map { Node(name: nodes.string($0, 0) ?? "", hosts: nodes.int($0, 1) ?? 0,
                                                       lastSeenSecondsAgo: nodes.double($0, 2) ?? 0) },
                hostsLeased: counts.int(0, 2) ?? 0, hosts: counts.int(0, 3) ?? 0, itemsLast24Hours: counts.int(0, 4) ?? 0)
        }
    }

    /// The shared archive's size for the metrics: the bytes of `items` and `aliases` with their
    /// indexes and TOAST, and the items as the server's statistics count them (kept up to date
    /// as transactions end, without the full scan `count(*)` would cost on years of history).
    public func archiveSize() async throws(PostgresError) -> (bytes: Int64, items: Int) {
        try await database.run { connection throws(PostgresError) -> (bytes: Int64, items: Int) in
            let result = try connection.execute("""
                SELECT pg_total_relation_size('items') + pg_total_relation_size('aliases'),
                       coalesce((SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = 'items'::regclass), 0)
                """)
            return (Int64(result.string(0, 0) ?? "") ?? 0, result.int(0, 1) ?? 0)
        }
    }

    /// What `check` found.
    public struct Check: Sendable, Equatable {
        public var items = 0
        /// Rows whose dedup key is not their canonical URL's (written by something other than feedd).
        public var mismatchedKeys: [String] = []
        /// Aliases whose item is not in the table.
        public var danglingAliases = 0
    }

    /// `feedd reindex` on a shared store: there is no index to rebuild (the unique index is
    /// PostgreSQL's), so it checks that every row's dedup key is its canonical URL's, page by page,
    /// and that every alias leads to an item (the SQL folds http into https as `DedupKey` does).
    public func check(progress: (Int) -> Void = { _ in }) throws -> Check {
        var check = Check()
        var after: Int64 = 0
        while true {
            let (rows, last) = try database.runBlocking { connection throws(PostgresError) in
                let result = try connection.execute(
                    "SELECT id, dedup_key, canonical_url FROM items WHERE id > $1 ORDER BY id LIMIT 20000", [String(after)])
                var rows: [(String, String)] = []
                for row in 0..<result.rowCount { rows.append((result.string(row, 1) ?? "", result.string(row, 2) ?? "")) }
                return (rows, result.rowCount > 0 ? Int64(result.string(result.rowCount - 1, 0) ?? "") : nil)
            }
            check.items += rows.count
            for (key, canonical) in rows where DedupKey.of(canonicalURL: canonical) != key {
                if check.mismatchedKeys.count < 20 { check.mismatchedKeys.append(canonical) }
            }
            progress(check.items)
            guard let last, rows.count == 20000 else { break }
            after = last
        }
        check.danglingAliases = try database.runBlocking { connection throws(PostgresError) in
            try connection.execute("""
                SELECT count(*) FROM aliases a WHERE NOT EXISTS (
                    SELECT 1 FROM items i WHERE i.dedup_key = CASE WHEN a.canonical_url LIKE 'http://%'
                        THEN 'https://' || substr(a.canonical_url, 8) ELSE a.canonical_url END)
                """).int(0, 0) ?? 0
        }
        return check
    }
}

import Foundation

/// Every feed's state (validators, schedule, failures, moved/gone) in the `feeds` table, as the
/// JSON object feedd keeps per feed, so that whichever node holds a feed's host continues it.
public struct FeedStateTable: Sendable {
    let database: DatabaseQueue

    public init(database: DatabaseQueue) {
        self.database = database
    }

    /// One feed's saved state.
    public struct Row: Sendable, Equatable {
        public var url: String
        /// The state as a JSON object (`{}` for a feed never polled).
        public var json: String
        /// When a node last saved it after a poll (the database's clock).
        public var polledAt: Date?

        public init(url: String, json: String, polledAt: Date? = nil) {
            self.url = url
            self.json = json
            self.polledAt = polledAt
        }
    }

    /// The states of the feeds of `hosts`.
    public func load(hosts: Set<String>) async throws(PostgresError) -> [Row] {
        guard !hosts.isEmpty else { return [] }
        let list = TextArrayLiteral.encode(hosts.sorted())
        return try await database.run { connection throws(PostgresError) in
            Self.rows(try connection.execute(
                "SELECT url, state::text, extract(epoch FROM polled_at) FROM feeds WHERE host = ANY($1::text[])", [list]))
        }
    }

    /// The states of `urls` (for `feedd status`), with the name of the node holding each feed's host.
    public func load(urls: [String]) async throws(PostgresError) -> [(row: Row, holder: String?)] {
        let list = TextArrayLiteral.encode(urls)
        return try await database.run { connection throws(PostgresError) in
            let result = try connection.execute("""
                SELECT f.url, f.state::text, extract(epoch FROM f.polled_at),
                       CASE WHEN h.expires_at > now() THEN n.name END
                FROM feeds f LEFT JOIN hosts h ON h.host = f.host LEFT JOIN nodes n ON n.id = h.node
                WHERE f.url = ANY($1::text[])
                """, [list])
            return zip(Self.rows(result), (0..<result.rowCount).map { result.string($0, 3) }).map { ($0, $1) }
        }
    }

    /// The states of those of `urls` that a 410 stopped or a Retry-After holds back (by their
    /// keys: whether the window has passed is the caller's to judge): what `poll-once` sets aside.
    public func stoppedOrWaiting(urls: [String]) async throws(PostgresError) -> [Row] {
        guard !urls.isEmpty else { return [] }
        let list = TextArrayLiteral.encode(urls)
        return try await database.run { connection throws(PostgresError) in
            Self.rows(try connection.execute("""
                SELECT url, state::text, extract(epoch FROM polled_at) FROM feeds
                WHERE url = ANY($1::text[]) AND (state ? 'gone' OR state ? 'retry_after_until')
                """, [list]))
        }
    }

    /// Saves states after polls (stamping `polled_at` with the database's clock), creating rows
    /// for feeds not seen before under `host(url)`.
    public func save(_ rows: [(url: String, host: String, json: String)], node: String) async throws(PostgresError) {
        guard !rows.isEmpty else { return }
        let sorted = rows.sorted { $0.url < $1.url }
        try await database.run { connection throws(PostgresError) -> Void in
            for start in stride(from: 0, to: sorted.count, by: 5000) {
                let chunk = sorted[start..<min(sorted.count, start + 5000)]
                try connection.execute("""
                    INSERT INTO feeds (url, host, state, polled_at, node)
                    SELECT u, h, s::jsonb, now(), $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(u, h, s)
                    ON CONFLICT (url) DO UPDATE SET state = excluded.state, polled_at = excluded.polled_at, node = excluded.node
                    """, [TextArrayLiteral.encode(chunk.map(\.url)),
                          TextArrayLiteral.encode(chunk.map(\.host)),
                          TextArrayLiteral.encode(chunk.map(\.json)), node])
            }
        }
    }

    /// Saves states copied from a local state directory, keeping any the database already has.
    /// Returns how many were new.
    public func importMissing(_ rows: [(url: String, host: String, json: String)]) throws(PostgresError) -> Int {
        guard !rows.isEmpty else { return 0 }
        let sorted = rows.sorted { $0.url < $1.url }
        return try database.runBlocking { connection throws(PostgresError) in
            var inserted = 0
            for start in stride(from: 0, to: sorted.count, by: 5000) {
                let chunk = sorted[start..<min(sorted.count, start + 5000)]
                try connection.execute("""
                    INSERT INTO hosts (host) SELECT DISTINCT h FROM unnest($1::text[]) AS h ORDER BY h ON CONFLICT (host) DO NOTHING
                    """, [TextArrayLiteral.encode(chunk.map(\.host))])
                inserted += try connection.execute("""
                    INSERT INTO feeds (url, host, state) SELECT u, h, s::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS t(u, h, s)
                    ON CONFLICT (url) DO UPDATE SET state = excluded.state WHERE feeds.state = '{}'::jsonb
                    RETURNING url
                    """, [TextArrayLiteral.encode(chunk.map(\.url)),
                          TextArrayLiteral.encode(chunk.map(\.host)),
                          TextArrayLiteral.encode(chunk.map(\.json))]).rowCount
            }
            return inserted
        }
    }

    private static func rows(_ result: PGResult) -> [Row] {
        (0..<result.rowCount).map { row in
            Row(url: result.string(row, 0) ?? "", json: result.string(row, 1) ?? "{}",
                polledAt: result.double(row, 2).map { Date(timeIntervalSince1970: $0) })
        }
    }
}

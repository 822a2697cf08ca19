import Foundation

/// Nodes, and which node polls which host's feeds, in the shared database.
///
/// A node holds a host's lease until `expires_at`; it renews what it holds every third of the
/// lease, and a host whose lease ran out (its node died or lost the database) is free for any
/// node to claim. Claims take rows with `FOR UPDATE SKIP LOCKED`, so nodes claiming at the same
/// moment never wait on, nor get, the same host. Leasing whole hosts, not single feeds, keeps
/// per-host politeness a local matter: only the holder talks to a host.
public struct HostLeases: Sendable {
    let database: DatabaseQueue
    /// This process's identity in `nodes` and `hosts.node`: name, pid and a random suffix, so
    /// that a restarted node (or two on one machine under one name) never takes the other's leases.
    public let nodeID: String
    /// The operator's name for the node (the host name by default).
    public let nodeName: String
    /// Seconds a lease lasts without renewal.
    public let leaseSeconds: Int

    public init(database: DatabaseQueue, nodeName: String, leaseSeconds: Int) {
        self.database = database
        self.nodeName = nodeName
        self.leaseSeconds = leaseSeconds
        nodeID = "\(nodeName):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }

    /// Records every configured feed and host (new ones only), and this node as alive.
    /// Returns the database's clock, the reference for "polled since".
    @discardableResult
    public func join(feeds: [(url: String, host: String)]) async throws(PostgresError) -> Date {
        let nodeID = nodeID, nodeName = nodeName
        return try await database.run { connection throws(PostgresError) in
            try connection.transaction { () throws(PostgresError) -> Date in
                try connection.execute("""
                    INSERT INTO nodes (id, name) VALUES ($1, $2)
                    ON CONFLICT (id) DO UPDATE SET last_seen = now()
                    """, [nodeID, nodeName])
                // Nodes not seen for a day are history.
                try connection.execute("DELETE FROM nodes WHERE last_seen < now() - interval '1 day'")
                for start in stride(from: 0, to: feeds.count, by: 10_000) {
                    let chunk = feeds[start..<min(feeds.count, start + 10_000)]
                    let urls = TextArrayLiteral.encode(chunk.map(\.url))
                    let hosts = TextArrayLiteral.encode(chunk.map(\.host))
                    try connection.execute("""
                        INSERT INTO hosts (host) SELECT DISTINCT h FROM unnest($1::text[]) AS h ORDER BY h
                        ON CONFLICT (host) DO NOTHING
                        """, [hosts])
                    try connection.execute("""
                        INSERT INTO feeds (url, host, state) SELECT u, h, '{}'::jsonb FROM unnest($1::text[], $2::text[]) AS t(u, h)
                        ORDER BY u ON CONFLICT (url) DO NOTHING
                        """, [urls, hosts])
                }
                return try Self.now(connection)
            }
        }
    }

    /// What one round of `maintain` found.
    public struct Round: Sendable, Equatable {
        /// Every host this node holds now.
        public var held: Set<String>
        /// Hosts newly claimed in this round.
        public var claimed: Set<String>
        /// Hosts it believed it held but another node has taken (its lease had run out).
        public var lost: Set<String>
        /// Hosts it holds beyond its fair share, which it should hand back once idle.
        public var surplus: Int
    }

    /// Renews this node's leases on `held`, marks it alive and claims free hosts among
    /// `configured` up to its fair share (all hosts over the live nodes). One transaction.
    public func maintain(held: Set<String>, configured: [String]) async throws(PostgresError) -> Round {
        let nodeID = nodeID, lease = String(leaseSeconds)
        let heldList = TextArrayLiteral.encode(held.sorted())
        let configuredList = TextArrayLiteral.encode(configured)
        return try await database.run { connection throws(PostgresError) in
            try connection.transaction { () throws(PostgresError) -> Round in
                try connection.execute("UPDATE nodes SET last_seen = now() WHERE id = $1", [nodeID])
                let renewed = Set(try connection.execute("""
                    UPDATE hosts SET expires_at = now() + $3::int * interval '1 second'
                    WHERE host = ANY($2::text[]) AND node = $1 RETURNING host
                    """, [nodeID, heldList, lease]).firstColumn.compactMap { $0 })
                let counts = try connection.execute("""
                    SELECT (SELECT count(*) FROM hosts WHERE host = ANY($1::text[])),
                           (SELECT count(*) FROM nodes WHERE last_seen > now() - $2::int * interval '1 second')
                    """, [configuredList, lease])
                let hostCount = counts.int(0, 0) ?? 0
                let liveNodes = max(1, counts.int(0, 1) ?? 1)
                let share = (hostCount + liveNodes - 1) / liveNodes
                var claimed = Set<String>()
                if renewed.count < share {
                    claimed = Set(try connection.execute("""
                        UPDATE hosts SET node = $1, expires_at = now() + $4::int * interval '1 second'
                        WHERE host IN (
                            SELECT host FROM hosts
                            WHERE host = ANY($2::text[]) AND (node IS NULL OR expires_at < now())
                            ORDER BY expires_at NULLS FIRST, host LIMIT $3
                            FOR UPDATE SKIP LOCKED)
                        RETURNING host
                        """, [nodeID, configuredList, String(share - renewed.count), lease]).firstColumn.compactMap { $0 })
                }
                return Round(held: renewed.union(claimed), claimed: claimed, lost: held.subtracting(renewed),
                             surplus: max(0, renewed.count - share))
            }
        }
    }

    /// Claims free hosts among `configured` that have a feed in `urls` not polled since `since`
    /// (and not gone, unless `includingGone`): one round of `poll-once`. At most `limit`, and at
    /// most a fair share, `configured` over the live nodes: a node alone takes every host it
    /// can poll at once, while nodes that run together split them.
    public func claimPending(configured: [String], urls: [String], since: Date, limit: Int,
                             includingGone: Bool = false) async throws(PostgresError) -> Set<String> {
        let nodeID = nodeID, lease = String(leaseSeconds)
        let hosts = TextArrayLiteral.encode(configured)
        let feeds = TextArrayLiteral.encode(urls)
        let sinceText = String(since.timeIntervalSince1970)
        return try await database.run { connection throws(PostgresError) in
            try connection.transaction { () throws(PostgresError) -> Set<String> in
                try connection.execute("UPDATE nodes SET last_seen = now() WHERE id = $1", [nodeID])
                let liveNodes = max(1, try connection.execute(
                    "SELECT count(*) FROM nodes WHERE last_seen > now() - $1::int * interval '1 second'", [lease]).int(0, 0) ?? 1)
                let share = min(limit, (configured.count + liveNodes - 1) / liveNodes)
                return Set(try connection.execute("""
                    UPDATE hosts SET node = $1, expires_at = now() + $6::int * interval '1 second'
                    WHERE host IN (
                        SELECT h.host FROM hosts h
                        WHERE h.host = ANY($2::text[]) AND (h.node IS NULL OR h.expires_at < now())
                          AND EXISTS (SELECT 1 FROM feeds f WHERE f.host = h.host AND f.url = ANY($3::text[])
                                      AND (f.polled_at IS NULL OR f.polled_at < to_timestamp($4::float8))
                                      AND ($7::boolean OR NOT coalesce((f.state->>'gone')::boolean, false)))
                        ORDER BY h.host LIMIT $5
                        FOR UPDATE SKIP LOCKED)
                    RETURNING host
                    """, [nodeID, hosts, feeds, sinceText, String(max(1, share)), lease, String(includingGone)]).firstColumn.compactMap { $0 })
            }
        }
    }

    /// How many of `urls` are not gone (unless `includingGone`) and not polled since `since`,
    /// whoever holds their host.
    public func pendingCount(urls: [String], since: Date, includingGone: Bool = false) async throws(PostgresError) -> Int {
        let feeds = TextArrayLiteral.encode(urls)
        let sinceText = String(since.timeIntervalSince1970)
        return try await database.run { connection throws(PostgresError) in
            try connection.execute("""
                SELECT count(*) FROM feeds WHERE url = ANY($1::text[])
                  AND (polled_at IS NULL OR polled_at < to_timestamp($2::float8))
                  AND ($3::boolean OR NOT coalesce((state->>'gone')::boolean, false))
                """, [feeds, sinceText, String(includingGone)]).int(0, 0) ?? 0
        }
    }

    /// Hands hosts back at once (a clean stop, or a surplus), instead of letting their leases run out.
    public func release(_ hosts: Set<String>) async throws(PostgresError) {
        guard !hosts.isEmpty else { return }
        let nodeID = nodeID
        let list = TextArrayLiteral.encode(hosts.sorted())
        try await database.run { connection throws(PostgresError) -> Void in
            try connection.execute("UPDATE hosts SET node = NULL, expires_at = NULL WHERE node = $1 AND host = ANY($2::text[])",
                                   [nodeID, list])
        }
    }

    /// Marks this node gone, so the others' fair shares grow at once, and frees its host slots.
    public func leave() async throws(PostgresError) {
        let nodeID = nodeID
        try await database.run { connection throws(PostgresError) -> Void in
            try connection.execute("UPDATE hosts SET node = NULL, expires_at = NULL WHERE node = $1", [nodeID])
            try connection.execute("DELETE FROM host_slots WHERE node = $1", [nodeID])
            try connection.execute("DELETE FROM nodes WHERE id = $1", [nodeID])
        }
    }

    static func now(_ connection: PGConnection) throws(PostgresError) -> Date {
        Date(timeIntervalSince1970: try connection.execute("SELECT extract(epoch FROM now())").double(0, 0) ?? 0)
    }
}

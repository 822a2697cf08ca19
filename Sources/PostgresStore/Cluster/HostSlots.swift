/// The per-host turns of the whole cluster, in the database's `host_slots`: host H has slots 0
/// up to `perHost - 1`, each free or held by one node until `expires_at`. A node makes a
/// transfer to a host only on a slot it holds, so the nodes together keep `per_host`, for
/// feeds and article pages alike. A slot whose holder stopped renewing it (a node that died or
/// lost the database) is free once its lease ran out.
public struct HostSlots: Sendable {
    /// One slot: a host and its number.
    public struct Slot: Sendable, Hashable {
        public let host: String
        public let number: Int

        public init(host: String, number: Int) {
            self.host = host
            self.number = number
        }
    }

    let database: DatabaseQueue
    /// The holder's identity, the same as its host leases' (`HostLeases.nodeID`).
    public let nodeID: String
    /// Seconds a slot stays held without renewal.
    public let leaseSeconds: Int
    /// Slots per host.
    public let perHost: Int

    public init(database: DatabaseQueue, nodeID: String, leaseSeconds: Int, perHost: Int) {
        self.database = database
        self.nodeID = nodeID
        self.leaseSeconds = leaseSeconds
        self.perHost = max(1, perHost)
    }

    /// Takes up to `count` free slots of each host in `wanted`, in one statement; the slots taken.
    ///
    /// Two nodes that race for a slot both try to insert it; the second waits for the first to
    /// commit, then finds the row live and leaves it, so a slot never has two holders.
    public func claim(_ wanted: [(host: String, count: Int)]) async throws(PostgresError) -> [Slot] {
        let wanted = Dictionary(wanted.filter { $0.count > 0 }.map { ($0.host, $0.count) }, uniquingKeysWith: max)
            .sorted { $0.key < $1.key }.map { (host: $0.key, count: $0.value) }
        guard !wanted.isEmpty else { return [] }
        let nodeID = nodeID, lease = String(leaseSeconds), perHost = String(perHost)
        let hosts = TextArrayLiteral.encode(wanted.map(\.host))
        let counts = "{" + wanted.map { String(min($0.count, self.perHost)) }.joined(separator: ",") + "}"
        return try await retryingDeadlocks { () async throws(PostgresError) -> [Slot] in
            try await database.run { connection throws(PostgresError) -> [Slot] in
                Self.slots(try connection.execute("""
                    INSERT INTO host_slots (host, slot, node, expires_at)
                    SELECT w.host, free.slot, $1, now() + $3::int * interval '1 second'
                    FROM unnest($2::text[], $4::int[]) AS w(host, wanted)
                    CROSS JOIN LATERAL (
                        SELECT s AS slot FROM generate_series(0, $5::int - 1) AS s
                        WHERE NOT EXISTS (SELECT 1 FROM host_slots x WHERE x.host = w.host AND x.slot = s AND x.expires_at > now())
                        ORDER BY s LIMIT w.wanted) AS free
                    ORDER BY w.host, free.slot
                    ON CONFLICT (host, slot) DO UPDATE SET node = EXCLUDED.node, expires_at = EXCLUDED.expires_at
                        WHERE host_slots.expires_at <= now()
                    RETURNING host, slot
                    """, [nodeID, hosts, lease, counts, perHost]))
            }
        }
    }

    /// Extends `held` (slots this node holds) by a lease; those it still holds. A slot whose lease
    /// ran out and that another node took is not among them. Rows of this node's not in `held`
    /// (given back locally while the database could not be told) are left to run out.
    public func renew(_ held: [Slot]) async throws(PostgresError) -> [Slot] {
        guard !held.isEmpty else { return [] }
        let nodeID = nodeID, lease = String(leaseSeconds)
        let hosts = TextArrayLiteral.encode(held.map(\.host))
        let numbers = "{" + held.map { String($0.number) }.joined(separator: ",") + "}"
        return try await database.run { connection throws(PostgresError) -> [Slot] in
            Self.slots(try connection.execute("""
                UPDATE host_slots h SET expires_at = now() + $2::int * interval '1 second'
                FROM unnest($3::text[], $4::int[]) AS r(host, slot)
                WHERE h.node = $1 AND h.host = r.host AND h.slot = r.slot
                RETURNING h.host, h.slot
                """, [nodeID, lease, hosts, numbers]))
        }
    }

    /// Frees `slots` (those this node still holds).
    public func release(_ slots: [Slot]) async throws(PostgresError) {
        guard !slots.isEmpty else { return }
        let nodeID = nodeID
        let hosts = TextArrayLiteral.encode(slots.map(\.host))
        let numbers = "{" + slots.map { String($0.number) }.joined(separator: ",") + "}"
        try await database.run { connection throws(PostgresError) -> Void in
            try connection.execute("""
                DELETE FROM host_slots h USING unnest($2::text[], $3::int[]) AS r(host, slot)
                WHERE h.node = $1 AND h.host = r.host AND h.slot = r.slot
                """, [nodeID, hosts, numbers])
        }
    }

    /// Frees every slot this node holds.
    public func releaseAll() async throws(PostgresError) {
        let nodeID = nodeID
        try await database.run { connection throws(PostgresError) -> Void in
            try connection.execute("DELETE FROM host_slots WHERE node = $1", [nodeID])
        }
    }

    private static func slots(_ result: PGResult) -> [Slot] {
        (0..<result.rowCount).compactMap { row in
            guard let host = result.string(row, 0), let number = result.int(row, 1) else { return nil }
            return Slot(host: host, number: number)
        }
    }

    /// Runs `body` again when PostgreSQL aborted it to break a deadlock with another node's claim.
    private func retryingDeadlocks<T>(_ body: () async throws(PostgresError) -> T) async throws(PostgresError) -> T {
        var attempt = 0
        while true {
            do throws(PostgresError) {
                return try await body()
            } catch {
                attempt += 1
                if !error.isRetryable || attempt >= 5 { throw error }
            }
        }
    }
}

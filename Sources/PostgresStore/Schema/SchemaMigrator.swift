/// Creates and upgrades feedd's tables, recording each step in `feedd_schema`.
///
/// Steps run in one transaction under an advisory lock, so nodes starting together migrate once
/// and a failed step leaves the database as it was. A database whose schema is newer than this
/// feedd knows is refused: an older binary must not write into tables it does not understand.
public struct SchemaMigrator: Sendable {
    let database: DatabaseQueue

    public init(database: DatabaseQueue) {
        self.database = database
    }

    /// The newest schema version this feedd knows.
    public static var latestVersion: Int { Migration.all.last?.version ?? 0 }

    /// What a migration did.
    public struct Outcome: Sendable, Equatable {
        public var from: Int
        public var to: Int
        /// One line per step run.
        public var steps: [String]
    }

    /// The version the database is at: 0 when feedd's tables are not there yet.
    public func currentVersion() async throws(PostgresError) -> Int {
        try await database.run { connection throws(PostgresError) in try Self.version(connection) }
    }

    /// Runs the steps the database lacks, up to `target` (the latest by default). Throws
    /// `.incompatible` when the database is newer than this feedd.
    @discardableResult
    public func migrate(to target: Int = SchemaMigrator.latestVersion) async throws(PostgresError) -> Outcome {
        try await database.run { connection throws(PostgresError) in try Self.migrate(connection, to: target) }
    }

    /// Refuses a database newer than this feedd, upgrades an older one: what `feedd run` does first.
    @discardableResult
    public func prepare() async throws(PostgresError) -> Outcome {
        try await migrate()
    }

    static func migrate(_ connection: PGConnection, to target: Int) throws(PostgresError) -> Outcome {
        try connection.transaction { () throws(PostgresError) -> Outcome in
            try connection.execute("SELECT pg_advisory_xact_lock(7165431)")
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS feedd_schema (
                    version    integer PRIMARY KEY,
                    summary    text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let current = try version(connection)
            guard current <= latestVersion else { throw tooNew(current) }
            var outcome = Outcome(from: current, to: current, steps: [])
            for step in Migration.all where step.version > current && step.version <= target {
                try connection.executeScript(step.sql)
                try connection.execute("INSERT INTO feedd_schema (version, summary) VALUES ($1, $2)",
                                       [String(step.version), step.summary])
                outcome.to = step.version
                outcome.steps.append("schema \(step.version): \(step.summary)")
            }
            return outcome
        }
    }

    static func version(_ connection: PGConnection) throws(PostgresError) -> Int {
        let exists = try connection.execute("SELECT to_regclass('feedd_schema') IS NOT NULL").bool(0, 0) ?? false
        guard exists else { return 0 }
        return try connection.execute("SELECT coalesce(max(version), 0) FROM feedd_schema").int(0, 0) ?? 0
    }

    static func tooNew(_ version: Int) -> PostgresError {
        PostgresError(.incompatible, "the database schema is version \(version), newer than this feedd knows "
            + "(\(latestVersion)): upgrade feedd on this node, or point it at another database")
    }
}

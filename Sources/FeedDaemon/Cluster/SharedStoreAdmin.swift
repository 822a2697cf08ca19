import FeedArchive
import Foundation
import PostgresStore

/// The command-line side of a shared store: `migrate` (with `--from-local`), `check-config
/// --connect`, `status`, `export` and `reindex` against PostgreSQL.
public struct SharedStoreAdmin: Sendable {
    public let uri: String
    let settings: ArchiveSettings
    let database: DatabaseQueue

    /// Nil when the configuration keeps the archive locally.
    public init?(config: DaemonConfig) {
        guard case .postgres(let uri) = config.archive.store else { return nil }
        self.uri = uri
        settings = config.archive
        database = DatabaseQueue(uri: uri, applicationName: "feedd \(config.archive.node) admin")
    }

    /// The URI without its password.
    public var redactedURI: String { PostgresURI.redacted(uri) }

    /// Runs pending migrations; one line per step (none when the schema is current).
    public func migrate() async throws -> [String] {
        let outcome = try await SchemaMigrator(database: database).migrate()
        return outcome.steps + ["schema at version \(outcome.to) (this feedd knows up to \(SchemaMigrator.latestVersion))"]
    }

    /// Connects and reports the schema version, for `check-config --connect`.
    public func connect() async throws -> String {
        let version = try await SchemaMigrator(database: database).currentVersion()
        switch version {
        case 0: return "connected to \(redactedURI): no feedd schema yet (feedd run or feedd migrate creates it)"
        case SchemaMigrator.latestVersion: return "connected to \(redactedURI): schema version \(version), current"
        case ..<SchemaMigrator.latestVersion:
            return "connected to \(redactedURI): schema version \(version), feedd run or feedd migrate upgrades it to \(SchemaMigrator.latestVersion)"
        default:
            throw PostgresError(.incompatible, "connected to \(redactedURI), but its schema version \(version) is newer than this feedd knows (\(SchemaMigrator.latestVersion))")
        }
    }

    /// Copies the local archive and feed states under `stateDirectory` into the database.
    public func importLocal(stateDirectory: String, progress: @escaping (String) -> Void) async throws -> String {
        let counts = try LocalImport(database: database, node: settings.node).copy(stateDirectory: stateDirectory) { counts in
            if counts.itemsRead % 100_000 < 2000 { progress("\(counts.itemsRead) items read, \(counts.itemsInserted) new") }
        }
        // Read-only, as `feedd status` reads it: the directory is left as it was.
        let loaded = try await FeedStateJournal(stateDirectory: stateDirectory, writable: false).loadAll()
        loaded.problems.forEach(progress)
        let states = loaded.states
        let rows = states.map { (url: $0.url, host: HostKey.of($0.url), json: FeedStateJSON.encode($0.state)) }
        let newStates = try FeedStateTable(database: database).importMissing(rows)
        return "copied from \(stateDirectory): \(counts.itemsRead) items (\(counts.itemsInserted) new), "
            + "\(counts.aliasesRead) aliases (\(counts.aliasesInserted) new), \(states.count) feed states (\(newStates) new)"
    }

    /// Each feed's saved state and the node holding its host now, keyed by feed URL.
    public func feedStates(_ urls: [String]) async throws -> [String: (state: FeedState, holder: String?)] {
        var states: [String: (state: FeedState, holder: String?)] = [:]
        for (row, holder) in try await FeedStateTable(database: database).load(urls: urls) {
            states[row.url] = (FeedStateJSON.decode(row.json) ?? FeedState(), holder)
        }
        return states
    }

    /// Items, aliases, schema version and live nodes.
    public func overview() throws -> StoreSummary.Overview {
        try StoreSummary(database: database).overview(leaseSeconds: settings.leaseSeconds)
    }

    /// `reindex` on a shared store: a check, since PostgreSQL keeps the unique index itself.
    public func check(progress: (Int) -> Void) throws -> StoreSummary.Check {
        try StoreSummary(database: database).check(progress: progress)
    }

    /// Every record, a page at a time, oldest first.
    public func export(since: Date?, feed: String?, _ body: ([ArchiveRecord]) throws -> Void) throws {
        try ItemReader(database: database).forEachPage(ItemReader.Filter(fetchedSince: since, feedURL: feed), body)
    }
}

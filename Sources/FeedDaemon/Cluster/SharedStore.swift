import FeedArchive
import Foundation
import Logging
import PostgresStore

/// The PostgreSQL side of a node: the shared archive, host leases and feed states, each on a
/// connection of its own so that lease renewals never wait behind a large insert.
final class SharedStore: Sendable {
    let archive: PostgresArchive
    let leases: HostLeases
    /// Feed states, in the database's `feeds` table.
    let states: SharedFeedStates
    let uri: String
    private let control: DatabaseQueue

    private init(uri: String, node: String, leaseSeconds: Int) {
        self.uri = uri
        let writes = DatabaseQueue(uri: uri, applicationName: "feedd \(node)", label: "feedd.postgres.archive")
        control = DatabaseQueue(uri: uri, applicationName: "feedd \(node) leases", label: "feedd.postgres.leases")
        archive = PostgresArchive(database: writes, node: node)
        leases = HostLeases(database: control, nodeName: node, leaseSeconds: leaseSeconds)
        states = SharedFeedStates(table: FeedStateTable(database: control), node: node)
    }

    /// Connects, creates or upgrades the schema (refusing one newer than this feedd), and says
    /// what it did through `log`.
    static func open(uri: String, settings: ArchiveSettings, log: (String) -> Void) async throws -> SharedStore {
        let store = SharedStore(uri: uri, node: settings.node, leaseSeconds: settings.leaseSeconds)
        let outcome = try await SchemaMigrator(database: store.control).prepare()
        for step in outcome.steps { log("database \(PostgresURI.redacted(uri)): \(step)") }
        return store
    }

    func close() async {
        await archive.close()
        await control.close()
    }
}

import FeedArchive
import Foundation
import Logging
import PostgresStore

/// The PostgreSQL side of a node: the shared archive, host leases and feed states, each on a
/// connection of its own so that lease renewals never wait behind a large insert.
final class SharedStore: Sendable {
    let archive: PostgresArchive
    let leases: HostLeases
    /// The cluster's per-host turns, on a connection of their own: a transfer waiting for one
    /// never queues behind a lease renewal or a state save.
    let slots: HostSlots
    /// Feed states, in the database's `feeds` table.
    let states: SharedFeedStates
    let uri: String
    /// Sizes and counts for `status` and the metrics.
    let summary: StoreSummary
    private let control: DatabaseQueue

    private init(uri: String, node: String, leaseSeconds: Int, perHost: Int) {
        self.uri = uri
        let writes = DatabaseQueue(uri: uri, applicationName: "feedd \(node)", label: "feedd.postgres.archive")
        control = DatabaseQueue(uri: uri, applicationName: "feedd \(node) leases", label: "feedd.postgres.leases")
        archive = PostgresArchive(database: writes, node: node)
        leases = HostLeases(database: control, nodeName: node, leaseSeconds: leaseSeconds)
        slots = HostSlots(database: DatabaseQueue(uri: uri, applicationName: "feedd \(node) host slots", label: "feedd.postgres.slots"),
                          nodeID: leases.nodeID, leaseSeconds: leaseSeconds, perHost: perHost)
        states = SharedFeedStates(table: FeedStateTable(database: control), node: node)
        summary = StoreSummary(database: control)
    }

    /// Connects, creates or upgrades the schema (refusing one newer than this feedd), and says
    /// what it did through `log`. `perHost` is the node's `[http] per_host`: slots per host.
    static func open(uri: String, settings: ArchiveSettings, perHost: Int, log: (String) -> Void) async throws -> SharedStore {
        let store = SharedStore(uri: uri, node: settings.node, leaseSeconds: settings.leaseSeconds, perHost: perHost)
        let outcome = try await SchemaMigrator(database: store.control).prepare()
        for step in outcome.steps { log("database \(PostgresURI.redacted(uri)): \(step)") }
        return store
    }

    func close() async {
        await archive.close()
        await control.close()
    }
}

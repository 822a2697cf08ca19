import FeedArchive
import Foundation
import Logging
import PostgresStore

/// The PostgreSQL side of a node: the shared archive, host leases and feed states, each on a
/// connection of its own so that lease renewals never wait behind a large insert.
final class SharedStore: Sendable {
    let archive: PostgresArchive
    let leases: HostLeases
    let states: FeedStateTable
    let uri: String
    private let control: DatabaseQueue

    private init(uri: String, node: String, leaseSeconds: Int) {
        self.uri = uri
        let writes = DatabaseQueue(uri: uri, applicationName: "feedd \(node)", label: "feedd.postgres.archive")
        control = DatabaseQueue(uri: uri, applicationName: "feedd \(node) leases", label: "feedd.postgres.leases")
        archive = PostgresArchive(database: writes, node: node)
        leases = HostLeases(database: control, nodeName: node, leaseSeconds: leaseSeconds)
        states = FeedStateTable(database: control)
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

/// A feed's state as the JSON object the database keeps (the same keys as `feeds.jsonl`).
enum FeedStateJSON {
    static func encode(_ state: FeedState) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(state), as: UTF8.self)) ?? "{}"
    }

    /// Nil when the object is not a feed state; the feed then starts afresh.
    static func decode(_ json: String) -> FeedState? {
        try? JSONDecoder().decode(FeedState.self, from: Data(json.utf8))
    }
}

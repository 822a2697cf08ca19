import Foundation
import PostgresStore

/// Feed states in the shared database (`FeedStateTable`), as the coordinator's `FeedStateStore`:
/// the poll loop hands it only the states that changed, as it does the local journal.
///
/// Where the journal holds one node's feeds, this table holds the cluster's: a node loads a
/// host's states when it takes the host's lease (`load(hosts:)`), not all of them at start.
struct SharedFeedStates: FeedStateStore {
    let table: FeedStateTable
    /// This node's name, stamped on each row it saves.
    let node: String

    /// Nothing: a node starts holding no host, and takes each host's states with its lease.
    func loadAll() async throws -> FeedStateLoad {
        FeedStateLoad()
    }

    /// Saves each state under its configured URL's host (the lease host), stamped with the
    /// database's clock: a poll-once round counts a feed saved after it started as done.
    func record(_ states: [StoredFeedState]) async throws {
        try await table.save(states.map { (url: $0.url, host: HostKey.of($0.url), json: FeedStateJSON.encode($0.state)) },
                             node: node)
    }

    /// Keeps the rows: a feed leaves this node's schedule when its host goes to another node, or
    /// when this node's config drops it while another's may still list it; whoever polls it
    /// next continues from its row.
    func remove(_ urls: [String]) async throws {}

    /// The saved states of the feeds of `hosts`, each with when a node last saved it after a poll
    /// (nil: never). A row that is not a feed state (`{}` before a first poll) gives a fresh state.
    func load(hosts: Set<String>) async throws -> [(stored: StoredFeedState, polledAt: Date?)] {
        try await table.load(hosts: hosts).map { row in
            (StoredFeedState(url: row.url, state: FeedStateJSON.decode(row.json) ?? FeedState()), row.polledAt)
        }
    }
}

@testable import FeedDaemon
import Foundation
import PostgresStore
import Testing
import TestSupport

/// Feed state in the shared database: the JSON object each row holds, read and written by the
/// local files' code.
@Suite struct FeedStateJSONTests {
    @Test func roundTripsEveryField() {
        let state = FeedStateStoreTests.everyField()
        #expect(FeedStateJSON.decode(FeedStateJSON.encode(state)) == state)
        #expect(FeedStateJSON.encode(FeedState()) == "{}")
        #expect(FeedStateJSON.decode("{}") == FeedState(), "a feed's row before its first poll")
    }

    /// Rows written by earlier feedd (JSONEncoder, every non-optional key present) and as
    /// PostgreSQL's jsonb prints them back (keys reordered, a blank after each colon and comma).
    @Test func readsRowsOfEarlierVersionsAndJSONBText() {
        var expected = FeedState()
        expected.etag = "\"v1\""
        expected.lastPolled = 1_800_000_000.5
        expected.interval = 900
        expected.itemsArchived = 3
        let encoder = #"{"consecutive_failures":0,"etag":"\"v1\"","gone":false,"interval":900,"items_archived":3,"last_polled":1800000000.5}"#
        let jsonb = #"{"etag": "\"v1\"", "gone": false, "interval": 900, "last_polled": 1800000000.5, "items_archived": 3, "future_key": [1, {"a": null}]}"#
        #expect(FeedStateJSON.decode(encoder) == expected)
        #expect(FeedStateJSON.decode(jsonb) == expected)
        #expect(FeedStateJSON.decode("[]") == nil)
        #expect(FeedStateJSON.decode(#"{"etag": 5}"#) == nil)
    }
}

/// `SharedFeedStates` on a real PostgreSQL server: the coordinator's store on a shared archive.
@Suite(.serialized, .enabled(if: TestPostgres.isAvailable, "\(TestPostgres.unavailableReason)"))
struct SharedFeedStatesTests {
    @Test func recordsUnderTheLeaseHostAndKeepsRowsOfFeedsThatLeave() async throws {
        let server = try TestPostgres()
        defer { server.stop() }
        let uri = try server.createDatabase("feedd")
        let shared = try await SharedStore.open(uri: uri, settings: ArchiveSettings(store: .postgres(uri: uri), node: "n1"), perHost: 2) { _ in }
        let store: any FeedStateStore = shared.states
        #expect(try await store.loadAll().states.isEmpty, "a node starts holding no host")

        let first = StoredFeedState(url: "https://A.example:8443/feed.xml", state: FeedStateStoreTests.everyField())
        var plain = FeedState()
        plain.etag = "\"b\""
        let second = StoredFeedState(url: "https://b.example/feed.xml", state: plain)
        try await store.record([first, second])
        try await store.remove([second.url])

        let loaded = try await shared.states.load(hosts: ["a.example:8443", "b.example"])
        #expect(Set(loaded.map { $0.stored.url }) == [first.url, second.url], "a feed leaving this node keeps its row")
        #expect(loaded.first { $0.stored.url == first.url }?.stored.state == first.state)
        #expect(loaded.allSatisfy { $0.polledAt != nil }, "each save is stamped with the database's clock")
        #expect(try await shared.states.load(hosts: ["b.example"]).map { $0.stored } == [second])
        let node = try server.sql("SELECT DISTINCT node FROM feeds", database: "feedd").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(node == "n1")
        await shared.close()
    }
}

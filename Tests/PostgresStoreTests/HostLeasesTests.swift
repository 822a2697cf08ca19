import Foundation
import PostgresStore
import TestSupport
import Testing

/// Host leases between nodes: disjoint claims, fair shares, renewal, expiry and hand-back.
@Suite(.serialized, .enabled(if: TestPostgres.isAvailable, "\(TestPostgres.unavailableReason)"))
struct HostLeasesTests {
    static let hosts = (1...9).map { "127.0.0.\($0):8080" }
    static let feeds = hosts.flatMap { host in (0..<3).map { (url: "http://\(host)/f\($0).xml", host: host) } }

    @Test func nodesClaimDisjointFairSharesAndCoverEveryHost() async throws {
        try await withDatabase { database, uri in
            let queues = (0..<3).map { _ in DatabaseQueue(uri: uri) }
            let nodes = queues.enumerated().map { HostLeases(database: $1, nodeName: "n\($0)", leaseSeconds: 30) }
            for node in nodes { try await node.join(feeds: Self.feeds) }
            // All three claim at once: FOR UPDATE SKIP LOCKED hands each its own hosts.
            let rounds = try await withThrowingTaskGroup(of: (Int, HostLeases.Round).self) { group in
                for (index, node) in nodes.enumerated() {
                    group.addTask { (index, try await node.maintain(held: [], configured: Self.hosts)) }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }.sorted { $0.key < $1.key }.map(\.value)
            }
            let held = rounds.map(\.held)
            #expect(held.map(\.count) == [3, 3, 3])
            #expect(held.reduce(Set<String>()) { $0.union($1) } == Set(Self.hosts))
            // Renewal keeps the same hosts.
            let again = try await nodes[0].maintain(held: rounds[0].held, configured: Self.hosts)
            #expect(again.held == rounds[0].held && again.claimed.isEmpty && again.lost.isEmpty)
            for queue in queues { await queue.close() }
        }
    }

    @Test func aNodeThatStopsRenewingLosesItsHostsToTheOthers() async throws {
        try await withDatabase { database, uri in
            let other = DatabaseQueue(uri: uri)
            let dying = HostLeases(database: database, nodeName: "dying", leaseSeconds: 2)
            let survivor = HostLeases(database: other, nodeName: "survivor", leaseSeconds: 2)
            try await dying.join(feeds: Self.feeds)
            try await survivor.join(feeds: Self.feeds)
            let first = try await dying.maintain(held: [], configured: Self.hosts)
            var mine = try await survivor.maintain(held: [], configured: Self.hosts).held
            #expect(first.held.count + mine.count == Self.hosts.count)
            // The dying node renews no more; once its lease and its heartbeat are older than the
            // lease, the survivor's fair share is every host and it takes them.
            let deadline = ContinuousClock.now + .seconds(60)
            while mine.count < Self.hosts.count && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(300))
                mine = try await survivor.maintain(held: mine, configured: Self.hosts).held
            }
            #expect(mine == Set(Self.hosts))
            // The dead node, back from a long pause, finds its leases gone.
            let late = try await dying.maintain(held: first.held, configured: Self.hosts)
            #expect(late.lost == first.held)
            await other.close()
        }
    }

    @Test func pollOnceClaimsOnlyHostsWithFeedsNotPolledSinceItStarted() async throws {
        try await withDatabase { database in
            let node = HostLeases(database: database, nodeName: "once", leaseSeconds: 30)
            let started = try await node.join(feeds: Self.feeds)
            let urls = Self.feeds.map(\.url)
            let states = FeedStateTable(database: database)
            // Another node polled every feed of the first host after we started.
            try await Task.sleep(for: .milliseconds(20))
            try await states.save(Self.feeds.filter { $0.host == Self.hosts[0] }.map { ($0.url, $0.host, "{}") }, node: "other")
            #expect(try await node.pendingCount(urls: urls, since: started) == urls.count - 3)
            let claimed = try await node.claimPending(configured: Self.hosts, urls: urls, since: started, limit: 100)
            #expect(claimed == Set(Self.hosts.dropFirst()))
            // Held hosts are not claimable again until handed back.
            #expect(try await node.claimPending(configured: Self.hosts, urls: urls, since: started, limit: 100).isEmpty)
            try await node.release(claimed)
            #expect(try await node.claimPending(configured: Self.hosts, urls: urls, since: started, limit: 2).count == 2)
        }
    }

    @Test func pollOnceClaimsAFairShareWhenOtherNodesAreLive() async throws {
        try await withDatabase { database, uri in
            let other = DatabaseQueue(uri: uri)
            let first = HostLeases(database: database, nodeName: "first", leaseSeconds: 30)
            let second = HostLeases(database: other, nodeName: "second", leaseSeconds: 30)
            let started = try await first.join(feeds: Self.feeds)
            try await second.join(feeds: Self.feeds)
            let urls = Self.feeds.map(\.url)
            // Two live nodes, nine hosts: at most five each, however high the limit.
            let mine = try await first.claimPending(configured: Self.hosts, urls: urls, since: started, limit: 100)
            #expect(mine.count == 5)
            let theirs = try await second.claimPending(configured: Self.hosts, urls: urls, since: started, limit: 100)
            #expect(theirs.count == 4 && theirs.isDisjoint(with: mine))
            // Alone again, a node takes every free host it may.
            try await second.leave()
            try await first.release(mine)
            #expect(try await first.claimPending(configured: Self.hosts, urls: urls, since: started, limit: 100) == Set(Self.hosts))
            await other.close()
        }
    }
}

import Foundation
import PostgresStore
import TestSupport
import Testing

/// The cluster's per-host turns: never more holders than slots, hand-back, expiry.
@Suite(.serialized, .enabled(if: TestPostgres.isAvailable, "\(TestPostgres.unavailableReason)"))
struct HostSlotsTests {
    static let host = "pages.example:443"

    @Test func nodesClaimingAtOnceNeverHoldMoreSlotsThanAHostHas() async throws {
        try await withDatabase { _, uri in
            let queues = (0..<4).map { _ in DatabaseQueue(uri: uri) }
            let nodes = queues.enumerated().map { HostSlots(database: $1, nodeID: "n\($0)", leaseSeconds: 30, perHost: 2) }
            for _ in 0..<5 {
                let taken = try await withThrowingTaskGroup(of: [HostSlots.Slot].self) { group in
                    for node in nodes { group.addTask { try await node.claim([(Self.host, 2), ("other.example:80", 1)]) } }
                    return try await group.reduce(into: [HostSlots.Slot]()) { $0 += $1 }
                }
                #expect(taken.filter { $0.host == Self.host }.count == 2)
                #expect(Set(taken).count == taken.count)
                #expect(taken.filter { $0.host == "other.example:80" }.count == 2)
                for node in nodes { try await node.releaseAll() }
            }
            for queue in queues { await queue.close() }
        }
    }

    @Test func aSlotGivenBackOrLeftToExpireGoesToTheNextNode() async throws {
        try await withDatabase { database, uri in
            let other = DatabaseQueue(uri: uri)
            let first = HostSlots(database: database, nodeID: "first", leaseSeconds: 2, perHost: 2)
            let second = HostSlots(database: other, nodeID: "second", leaseSeconds: 2, perHost: 2)
            let mine = try await first.claim([(Self.host, 2)])
            #expect(mine.count == 2)
            #expect(try await second.claim([(Self.host, 2)]).isEmpty)
            // One given back: the other node gets exactly that one.
            try await first.release([mine[0]])
            #expect(try await second.claim([(Self.host, 2)]) == [mine[0]])
            // The first node stops renewing: once its lease ran out, its slot is free.
            var taken: [HostSlots.Slot] = []
            let deadline = ContinuousClock.now + .seconds(60)
            while taken.isEmpty && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(300))
                _ = try await second.renew([mine[0]])
                taken = try await second.claim([(Self.host, 1)])
            }
            #expect(taken == [mine[1]])
            // Back from its pause, the first node finds it holds nothing.
            #expect(try await first.renew([mine[1]]).isEmpty)
            #expect(Set(try await second.renew(mine)) == Set(mine))
            await other.close()
        }
    }
}

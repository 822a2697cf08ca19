import FeedDaemon
import FeedMetrics
import Testing

@Suite struct FeedHealthTests {
    private static func state(_ change: (inout FeedState) -> Void) -> FeedState {
        var state = FeedState()
        state.lastPolled = 1_800_000_000
        change(&state)
        return state
    }

    @Test func oneWordForEachState() {
        #expect(FeedHealth(nil) == .pending)
        #expect(FeedHealth(FeedState()) == .pending)
        #expect(FeedHealth(Self.state { _ in }) == .ok)
        #expect(FeedHealth(Self.state { $0.consecutiveFailures = 2 }) == .failing)
        #expect(FeedHealth(Self.state { $0.movedTo = "https://new.example/feed" }) == .moved)
        #expect(FeedHealth(Self.state { $0.gone = true }) == .gone)
        // What asks more of the operator wins.
        #expect(FeedHealth(Self.state { $0.gone = true; $0.consecutiveFailures = 1 }) == .gone)
        #expect(FeedHealth(Self.state { $0.movedTo = "https://new.example/"; $0.consecutiveFailures = 1 }) == .failing)
        #expect(FeedHealth.allCases.filter(\.isBroken) == [.failing, .gone])
    }

    @Test func countsOnlyConfiguredFeeds() {
        let states = [
            "https://a.example/": Self.state { _ in },
            "https://b.example/": Self.state { $0.consecutiveFailures = 1 },
            "https://removed.example/": Self.state { $0.gone = true },
        ]
        let counts = FeedCounts(feeds: ["https://a.example/", "https://b.example/", "https://new.example/"], states: states)
        #expect(counts == FeedCounts(ok: 1, failing: 1, pending: 1))
        #expect(counts.total == 3)
    }
}

import Foundation
import Logging
import PostgresStore

/// `poll-once` on a shared store: every feed polled once by the cluster as a whole, however many
/// nodes run it at the same time.
///
/// A node claims a few free hosts that still have feeds not polled since it started, polls
/// those feeds, saves their states (stamped with the database's clock) and hands the hosts
/// back; then claims more. A feed saved after this node started counts as done, whoever polled
/// it. When nothing is left to claim, it waits for hosts other nodes hold, taking over any whose
/// lease runs out (a node that died), until no configured feed is left unpolled.
///
/// As on the local store, feeds a 410 stopped and feeds inside their server's Retry-After
/// window (as their saved states say when the pass starts) are set aside and counted, unless
/// `force`: they are not polled and do not count as left.
struct ClusterPollOnce {
    let runtime: FeedRuntime
    let shared: SharedStore
    let signals: LoopSignals
    var force = false

    func run(feeds: [FeedConfig], summary: inout PollOnce.Summary) async throws {
        let leases = shared.leases
        let feedByURL = Dictionary(feeds.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        let hosts = feeds.map { (url: $0.url, host: LeaseKeeper.host(of: $0)) }
        let started = try await leases.join(feeds: hosts)
        do {
            let setAside = force ? [] : try await setAside(feeds)
            for (feed, until) in setAside {
                if let until { summary.skippedRetryAfter.append((feed.name, feed.url, until)) } else { summary.skippedGone.append((feed.name, feed.url)) }
            }
            let skipped = Set(setAside.map(\.feed.url))
            summary.feedsPolledHere = try await rounds(hosts: Set(hosts.map(\.host)).sorted(), urls: feeds.map(\.url).filter { !skipped.contains($0) },
                                                       feedByURL: feedByURL, started: started, summary: &summary)
        } catch {
            try? await leases.leave()
            throw error
        }
        try await leases.leave()
    }

    /// The feeds a pass without `force` leaves alone, in config order, each with the end of its
    /// Retry-After window (nil: a 410 stopped it).
    private func setAside(_ feeds: [FeedConfig]) async throws -> [(feed: FeedConfig, until: Double?)] {
        let states = Dictionary(try await shared.states.table.stoppedOrWaiting(urls: feeds.map(\.url)).map { ($0.url, $0.json) },
                                uniquingKeysWith: { first, _ in first })
        let now = Date().timeIntervalSince1970
        return feeds.compactMap { feed in
            guard let state = states[feed.url].flatMap(FeedStateJSON.decode) else { return nil }
            if state.gone { return (feed, nil) }
            if let until = state.retryAfterUntil, until > now { return (feed, until) }
            return nil
        }
    }

    /// Claims, polls and hands back hosts until no feed is left; returns how many this node polled.
    private func rounds(hosts: [String], urls: [String], feedByURL: [String: FeedConfig], started: Date,
                        summary: inout PollOnce.Summary) async throws -> Int {
        let leases = shared.leases
        // Enough hosts a round to fill every fetch slot (the claim takes no more than a fair share).
        let perRound = max(1, runtime.config.poll.concurrency / max(1, runtime.config.fetch.maxTransfersPerHost))
        var polledFeeds = 0
        let pending = Set(urls)
        while !signals.stopRequested.load(ordering: .relaxed) && !Task.isCancelled {
            let claimed = try await leases.claimPending(configured: hosts, urls: urls, since: started, limit: perRound,
                                                        includingGone: force)
            guard !claimed.isEmpty else {
                if try await leases.pendingCount(urls: urls, since: started, includingGone: force) == 0 { break }
                try await Task.sleep(for: .milliseconds(250))
                continue
            }
            let renewal = Task { [leases] in
                var held = claimed
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(max(0.5, Double(leases.leaseSeconds) / 3)))
                    if Task.isCancelled { break }
                    if let round = try? await leases.maintain(held: held, configured: []) { held = round.held }
                }
            }
            defer { renewal.cancel() }
            var states: [StoredFeedState] = []
            var round: [FeedConfig] = []
            for (stored, polledAt) in try await shared.states.load(hosts: claimed) {
                guard let feed = feedByURL[stored.url], pending.contains(stored.url), force || !stored.state.gone,
                      polledAt.map({ $0 < started }) ?? true else { continue }
                states.append(stored)
                round.append(feed)
            }
            await runtime.coordinator.adopt(states)
            await runtime.coordinator.apply(round, spread: 0, ignoreSavedSchedule: true, pollGone: force)
            let loop = PollLoop(coordinator: runtime.coordinator, poller: runtime.poller,
                                concurrency: runtime.config.poll.concurrency, mode: .once(feeds: round.count), signals: signals)
            var finished = 0
            await loop.run { feed, report in
                summary.add(feed, report)
                if report.outcome != .interrupted { finished += 1 }
            }
            polledFeeds += finished
            // Every finished poll is saved, changed or not (each one updates its feed's state): the
            // save, stamped with the database's clock, is what marks it done.
            try await runtime.coordinator.saveIfNeeded(force: true)
            try await leases.release(claimed)
        }
        return polledFeeds
    }
}

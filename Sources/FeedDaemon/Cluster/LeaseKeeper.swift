import Foundation
import Logging
import PostgresStore

/// Decides which feeds this node polls when the store is shared: those of the hosts it holds a
/// lease on. Each `tick` saves the states that changed (the coordinator hands them to
/// `SharedFeedStates`), renews the leases, claims free hosts up to a fair share (hosts over live
/// nodes), hands back a surplus, and makes the coordinator poll exactly the held hosts' feeds,
/// continuing each from its state in the database.
///
/// If the database cannot be reached, the node keeps polling what it holds until three quarters
/// of a lease passed since the last renewal, then stops: by the time the lease runs out and
/// another node may take a host, this one has let go of it.
actor LeaseKeeper {
    let shared: SharedStore
    let coordinator: PollCoordinator
    let log: IngestLog
    let logger: Logger
    let spread: Double
    private var feedsByHost: [String: [FeedConfig]] = [:]
    private var held: Set<String> = []
    /// Dropped from the schedule at the last tick, handed back at the next (in-flight polls end meanwhile).
    private var releasing: Set<String> = []
    private var renewedAt: ContinuousClock.Instant?
    private var outage: String?

    init(shared: SharedStore, coordinator: PollCoordinator, log: IngestLog, logger: Logger, spread: Double) {
        self.shared = shared
        self.coordinator = coordinator
        self.log = log
        self.logger = logger
        self.spread = spread
    }

    /// How often `tick` runs: a third of the lease, so a renewal can fail twice before it lapses.
    var tickInterval: Duration { .milliseconds(max(500, shared.leases.leaseSeconds * 1000 / 3)) }

    /// The lease host of a feed: its configured URL's host (a feed that moved keeps its lease host).
    static func host(of feed: FeedConfig) -> String { HostKey.of(feed.url) }

    /// Makes `feeds` the configured set (at start and on reload) and records them in the database.
    func configure(_ feeds: [FeedConfig]) async throws -> Schedule.Change {
        feedsByHost = Dictionary(grouping: feeds, by: Self.host(of:))
        // Hosts whose feeds all left the config are handed back at the next tick.
        let unconfigured = held.filter { feedsByHost[$0] == nil }
        held.subtract(unconfigured)
        releasing.formUnion(unconfigured)
        try await shared.leases.join(feeds: feeds.map { ($0.url, Self.host(of: $0)) })
        return await tick()
    }

    /// One round: save, renew, claim, release, apply.
    @discardableResult
    func tick() async -> Schedule.Change {
        do {
            try await saveChanged()
            if !releasing.isEmpty {
                try await shared.leases.release(releasing)
                releasing = []
            }
            let round = try await shared.leases.maintain(held: held, configured: feedsByHost.keys.sorted())
            renewedAt = .now
            if let outage {
                note("database reachable again after: \(outage)")
                self.outage = nil
            }
            if !round.lost.isEmpty {
                note("lost the lease on \(round.lost.count) host(s) to another node: \(round.lost.sorted().prefix(5).joined(separator: ", "))")
            }
            held = round.held
            if !round.claimed.isEmpty { try await adopt(round.claimed) }
            if round.surplus > 0 { await handBack(round.surplus) }
        } catch {
            let problem = "\(error)"
            if outage == nil {
                note("cannot renew leases or save feed state: \(problem)")
                outage = problem
            }
            if let renewedAt, ContinuousClock.now - renewedAt > .seconds(Double(shared.leases.leaseSeconds) * 0.75), !held.isEmpty {
                note("leases not renewed for \(shared.leases.leaseSeconds * 3 / 4) s: pausing \(held.count) host(s) until the database answers")
                held = []
            }
        }
        return await apply()
    }

    /// Saves what changed and hands every lease back, so the other nodes take over at once.
    func stop() async {
        do {
            try await saveChanged()
            try await shared.leases.leave()
        } catch {
            logger.warning("could not hand back leases (they expire in \(shared.leases.leaseSeconds) s): \(error)")
        }
    }

    var heldHosts: Set<String> { held }

    @discardableResult
    private func apply() async -> Schedule.Change {
        let feeds = held.sorted().flatMap { feedsByHost[$0] ?? [] }
        return await coordinator.apply(feeds, spread: spread)
    }

    /// Loads the claimed hosts' feed states, so their polls continue where the last holder stopped.
    private func adopt(_ hosts: Set<String>) async throws {
        await coordinator.adopt(try await shared.states.load(hosts: hosts).map(\.stored))
    }

    /// Drops `count` hosts from the schedule, idle ones first; they are handed back at the next
    /// tick, by when a poll still in flight there has most likely finished.
    private func handBack(_ count: Int) async {
        let busy = await coordinator.inFlightURLs
        let byActivity = held.sorted().map { host in (host, (feedsByHost[host] ?? []).contains { busy.contains($0.url) }) }
        let surplus = Set((byActivity.filter { !$0.1 } + byActivity.filter(\.1)).prefix(count).map(\.0))
        held.subtract(surplus)
        releasing.formUnion(surplus)
    }

    /// Writes the states that changed since they were last saved (the schedule keeps a flag per
    /// feed; a state loaded with its host's lease is not saved back until a poll changes it).
    private func saveChanged() async throws {
        try await coordinator.saveIfNeeded(force: true)
    }

    private func note(_ message: String) {
        logger.warning("\(message)")
        log.write(.daemon(message: message))
    }
}

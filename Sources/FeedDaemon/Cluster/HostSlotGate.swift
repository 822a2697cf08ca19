import HTTPFetching
import Logging
import PostgresStore

/// The HTTP client's gate on a shared store: a transfer to a host starts only on one of the
/// host's slots in the database (`HostSlots`) that this node holds, so the cluster as a whole
/// keeps `per_host`, for feeds and article pages alike.
///
/// Slots are taken when transfers wait for them (the hosts waiting at that moment in one
/// statement), reused by the next transfer to the same host, and given back once a host has been
/// idle for `idleGrace`, so that a node never sits on a host another node's pages wait for.
/// Held slots are renewed every third of a lease. If the database cannot be reached, this node
/// stops using its slots three quarters of a lease after their last renewal, before another node
/// may take them; a transfer that cannot get a slot fails with "database unavailable".
actor HostSlotGate: TransferGate {
    private let slots: HostSlots
    private let logger: Logger
    private var hosts: [String: HostTurns] = [:]
    private var claiming = false
    private var maintenance: Task<Void, Never>?
    private var renewedAt = ContinuousClock.now
    private var nextWaiter = 0
    private var outage = false
    /// Slots dropped here whose release the database has not confirmed: released again at each
    /// round until it answers, so that they do not stay taken until their lease runs out.
    private var stale: [HostSlots.Slot] = []

    /// How long an idle host's slots stay with this node, for the next transfer there.
    static let idleGrace = Duration.milliseconds(500)
    /// How soon a claim that found every slot of a host taken is tried again.
    static let retryDelay = Duration.milliseconds(200)

    private struct HostTurns {
        var held: [Int] = []
        var busy = 0
        var waiters: [(id: Int, turn: CheckedContinuation<Void, any Error>)] = []
        var lastUsed = ContinuousClock.now
        var free: Int { held.count - busy }
    }

    init(slots: HostSlots, logger: Logger) {
        self.slots = slots
        self.logger = logger
    }

    func enter(host: String) async throws(FetchError) {
        if Task.isCancelled { throw FetchError(.cancelled, "cancelled") }
        startMaintenance()
        if let turns = hosts[host], turns.free > 0, turns.waiters.isEmpty {
            hosts[host]?.busy += 1
            return
        }
        let id = nextWaiter
        nextWaiter += 1
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (turn: CheckedContinuation<Void, any Error>) in
                    hosts[host, default: HostTurns()].waiters.append((id, turn))
                    claimSoon()
                }
            } onCancel: {
                Task { await self.cancelWaiter(id, host: host) }
            }
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError(.cancelled, "cancelled")
        }
    }

    func leave(host: String) {
        guard var turns = hosts[host] else { return }
        turns.busy = max(0, turns.busy - 1)
        turns.lastUsed = .now
        if turns.free > 0, !turns.waiters.isEmpty {
            let waiter = turns.waiters.removeFirst()
            turns.busy += 1
            waiter.turn.resume()
        }
        hosts[host] = turns
        // Slots lost meanwhile (not renewed in time): the rest wait for new ones.
        if turns.waiters.count > turns.free && turns.held.count < slots.perHost { claimSoon() }
    }

    private func cancelWaiter(_ id: Int, host: String) {
        guard let index = hosts[host]?.waiters.firstIndex(where: { $0.id == id }) else { return }
        hosts[host]?.waiters.remove(at: index).turn.resume(throwing: FetchError(.cancelled, "cancelled"))
    }

    /// Starts a claim round unless one is under way (it looks again before it ends).
    private func claimSoon() {
        guard !claiming else { return }
        claiming = true
        Task { await claimWhileWaiting() }
    }

    /// Claims slots for the hosts transfers wait for, until none waits for a slot it could get.
    private func claimWhileWaiting() async {
        while true {
            let wanted = hosts.compactMap { host, turns -> (host: String, count: Int)? in
                let count = min(turns.waiters.count - turns.free, slots.perHost - turns.held.count)
                return count > 0 ? (host, count) : nil
            }
            guard !wanted.isEmpty else { break }
            do {
                let taken = try await slots.claim(wanted)
                for slot in taken { grant(slot) }
                if outage { note("database reachable again: claiming host slots") }
                outage = false
            } catch {
                failWaiters(on: wanted.map(\.host), error)
                break
            }
            // Hosts whose every slot another node holds: look again shortly.
            if wanted.contains(where: { hosts[$0.host].map { !$0.waiters.isEmpty } ?? false }) {
                try? await Task.sleep(for: Self.retryDelay)
            }
        }
        claiming = false
    }

    private func grant(_ slot: HostSlots.Slot) {
        guard var turns = hosts[slot.host] else {
            // Nobody waits any more: hold it until the idle sweep gives it back.
            hosts[slot.host] = HostTurns(held: [slot.number])
            return
        }
        turns.held.append(slot.number)
        if !turns.waiters.isEmpty {
            turns.busy += 1
            turns.waiters.removeFirst().turn.resume()
        }
        hosts[slot.host] = turns
    }

    /// Fails the transfers waiting at hosts where this node holds no slot at all; those at a
    /// host it holds some of keep waiting for a transfer there to end.
    private func failWaiters(on waitedHosts: [String], _ error: PostgresError) {
        let failure = error.kind == .unavailable
            ? FetchError(.unavailable, "database unavailable")
            : FetchError(.unavailable, "no host slot: \(error.message)")
        if !outage { note("cannot claim host slots: \(error)") }
        outage = true
        for host in waitedHosts {
            guard let turns = hosts[host], turns.held.isEmpty else { continue }
            for waiter in turns.waiters { waiter.turn.resume(throwing: failure) }
            hosts[host]?.waiters = []
        }
    }

    // MARK: Renewal and hand-back

    private func startMaintenance() {
        guard maintenance == nil else { return }
        renewedAt = .now
        maintenance = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                guard let self else { return }
                await self.maintain()
            }
        }
    }

    private func maintain() async {
        if !stale.isEmpty {
            let releasing = stale
            if (try? await slots.release(releasing)) != nil { stale.removeAll { releasing.contains($0) } }
        }
        await releaseIdle()
        let lease = Duration.seconds(slots.leaseSeconds)
        guard ContinuousClock.now - renewedAt >= lease / 3 else { return }
        // Slots granted while the renewal is under way are not in its answer, and not lost.
        let before = heldSlots
        do {
            let renewed = Set(try await slots.renew(Array(before)))
            renewedAt = .now
            let lost = before.subtracting(renewed)
            for slot in lost { hosts[slot.host]?.held.removeAll { $0 == slot.number } }
            if !lost.isEmpty {
                note("lost \(lost.count) host slot(s) to other nodes (not renewed in time): \(Set(lost.map(\.host)).sorted().prefix(5).joined(separator: ", "))")
                claimSoon()
            }
        } catch {
            guard ContinuousClock.now - renewedAt > lease * 3 / 4 else { return }
            // Another node may take them once the lease runs out: stop using them before then.
            let dropped = heldSlots
            guard !dropped.isEmpty else { return }
            note("host slots not renewed for \(slots.leaseSeconds * 3 / 4) s: letting go of \(dropped.count)")
            for host in hosts.keys { hosts[host]?.held = [] }
            stale += dropped
            failWaiters(on: Array(hosts.keys), error)
        }
    }

    private var heldSlots: Set<HostSlots.Slot> {
        Set(hosts.flatMap { host, turns in turns.held.map { HostSlots.Slot(host: host, number: $0) } })
    }

    /// Gives back the slots of hosts nobody waits for and that have not been used for `idleGrace`.
    private func releaseIdle() async {
        let now = ContinuousClock.now
        var released: [HostSlots.Slot] = []
        for (host, turns) in hosts where turns.waiters.isEmpty && turns.free > 0 && now - turns.lastUsed >= Self.idleGrace {
            let spare = turns.held.suffix(turns.free)
            released += spare.map { HostSlots.Slot(host: host, number: $0) }
            if turns.busy == 0 {
                hosts[host] = nil
            } else {
                hosts[host]?.held.removeLast(spare.count)
            }
        }
        guard !released.isEmpty else { return }
        // Dropped here first: no transfer starts on them meanwhile. Should the release fail, the
        // next rounds try again.
        if (try? await slots.release(released)) == nil { stale += released }
    }

    private func note(_ message: String) {
        logger.warning("\(message)")
    }
}

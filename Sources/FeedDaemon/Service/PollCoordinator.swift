import FeedMetrics
import Foundation

/// Owns the schedule and every feed's state: the one place they change.
actor PollCoordinator {
    private var schedule: Schedule
    private var random = JitterRandom()
    /// The local journal, or the shared database's `feeds` table (`SharedFeedStates`).
    private let store: any FeedStateStore
    /// False when the store's owner saves (a node's `LeaseKeeper`, before it renews its leases):
    /// the poll loop's ten-second saves are then left out.
    private let periodicSaves: Bool
    private let log: IngestLog
    private var lastSave = Date()
    /// A save is in progress (the actor is free to serve polls meanwhile); the next waits for it.
    private var saving = false
    private var waitingToSave: [CheckedContinuation<Void, Never>] = []
    private(set) var lastPollFinished: Date?
    /// False for a single pass (poll-once): each feed is polled once, failures are not retried.
    private let reschedules: Bool

    /// States go to the store in batches of this many, so a save of every feed holds little at once.
    static let saveBatch = 4096

    init(schedule: Schedule, store: any FeedStateStore, periodicSaves: Bool = true, log: IngestLog, reschedules: Bool) {
        self.schedule = schedule
        self.store = store
        self.periodicSaves = periodicSaves
        self.log = log
        self.reschedules = reschedules
    }

    /// Makes `feeds` the polled set; `ignoreSavedSchedule` makes every feed due now and
    /// `pollGone` includes feeds a 410 stopped (poll-once, poll-once --force).
    @discardableResult
    func apply(_ feeds: [FeedConfig], spread: Double, ignoreSavedSchedule: Bool = false, pollGone: Bool = false) -> Schedule.Change {
        let now = Date().timeIntervalSince1970
        return schedule.apply(feeds, now: now, spread: spread, honourSavedTimes: !ignoreSavedSchedule, pollGone: pollGone, using: &random)
    }

    /// Saved states of feeds about to be added by `apply` (feeds taken over from another node).
    func adopt(_ states: [StoredFeedState]) {
        schedule.adopt(states)
    }

    /// The feeds a single pass leaves alone (gone, or inside a Retry-After window), off the queue.
    func setAsideForSinglePass() -> [Schedule.SetAside] {
        schedule.setAsideForSinglePass(now: Date().timeIntervalSince1970)
    }

    func takeDue(limit: Int) -> [Schedule.DuePoll] {
        guard limit > 0 else { return [] }
        return schedule.takeDuePolls(now: Date().timeIntervalSince1970, limit: limit)
    }

    /// Seconds until the next feed falls due (0 when one could start now).
    func secondsUntilNextDue() -> Double? {
        schedule.nextDueTime.map { max(0, $0 - Date().timeIntervalSince1970) }
    }

    func releaseHost(_ poll: Schedule.DuePoll) {
        schedule.releaseHost(poll.feed.url, slotHint: poll.slot)
    }

    /// Records a poll and logs what the poller left to us: failures with their retry time.
    func complete(_ poll: Schedule.DuePoll, report: PollReport) {
        lastPollFinished = Date()
        let feed = poll.feed
        // The URL this poll fetched (the state it was taken with): completing it may forget a refused move.
        let target = poll.state.movedTo ?? feed.url
        guard let state = schedule.complete(feed.url, slotHint: poll.slot, report: report, reschedule: reschedules,
                                            using: &random) else { return }
        switch report.outcome {
        case .failed(let cause, _, _):
            let retryIn = state.nextPoll.map { Int(($0 - report.finishedAt).rounded()) }
            log.write(.failed(feed: feed.name, url: target, cause: cause, retryIn: retryIn))
        case .gone:
            log.write(.gone(feed: feed.name, url: target))
        case .fetched, .notModified, .interrupted:
            break
        }
    }

    /// Hands the store what changed when `force` is set or ten seconds passed since the last save.
    /// Only changed states are written, in batches; one that fails to write stays unsaved.
    func saveIfNeeded(force: Bool) async throws {
        guard schedule.hasUnsavedChanges, force || (periodicSaves && Date().timeIntervalSince(lastSave) >= 10) else { return }
        while saving { await withCheckedContinuation { waitingToSave.append($0) } }
        saving = true
        defer {
            saving = false
            if !waitingToSave.isEmpty { waitingToSave.removeFirst().resume() }
        }
        lastSave = Date()
        let removed = schedule.takeRemoved()
        if !removed.isEmpty {
            do {
                try await store.remove(removed)
            } catch {
                schedule.markRemovedUnsaved(removed)
                throw error
            }
        }
        while true {
            let batch = schedule.takeUnsaved(limit: Self.saveBatch)
            guard !batch.isEmpty else { break }
            do {
                try await store.record(batch)
            } catch {
                schedule.markUnsaved(batch.map(\.url))
                throw error
            }
        }
    }

    func state(of url: String) -> FeedState? { schedule.state(of: url) }
    var census: Schedule.Census { schedule.census }
    /// The configured feeds by health, for `feedd_feeds{state}`: a pass over the schedule's states, no copy of them.
    func feedCounts() -> FeedCounts { schedule.census.health }
    /// The URLs of the polls in flight (a pass over the slots: for the lease keeper's rare hand-backs).
    var inFlightURLs: Set<String> { schedule.inFlightURLs }
    var feedCount: Int { schedule.feedCount }
    var inFlightCount: Int { schedule.inFlightCount }
}

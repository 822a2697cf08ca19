import FeedMetrics
import Foundation

/// Owns the schedule and every feed's state: the one place they change.
actor PollCoordinator {
    private var schedule: Schedule
    private var random = SystemRandomNumberGenerator()
    /// Nil when feed state lives in a shared database (`LeaseKeeper` saves it there).
    private let store: FeedStateStore?
    private let log: IngestLog
    private var unsaved = false
    private var lastSave = Date()
    private(set) var lastPollFinished: Date?
    /// False for a single pass (poll-once): each feed is polled once, failures are not retried.
    private let reschedules: Bool

    init(schedule: Schedule, store: FeedStateStore?, log: IngestLog, reschedules: Bool) {
        self.schedule = schedule
        self.store = store
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
    func adopt(_ states: [String: FeedState]) {
        schedule.adopt(states)
    }

    func takeDue(limit: Int) -> [(FeedConfig, FeedState)] {
        guard limit > 0 else { return [] }
        return schedule.takeDue(now: Date().timeIntervalSince1970, limit: limit).map { feed in
            (feed, schedule.states[feed.url] ?? FeedState())
        }
    }

    /// Seconds until the next feed falls due (0 when one is waiting for a per-host slot).
    func secondsUntilNextDue() -> Double? {
        schedule.nextDueTime.map { max(0, $0 - Date().timeIntervalSince1970) }
    }

    func releaseHost(_ url: String) {
        schedule.releaseHost(url)
    }

    /// Records a poll and logs what the poller left to us: failures with their retry time.
    func complete(_ feed: FeedConfig, report: PollReport) {
        lastPollFinished = Date()
        // The URL this poll fetched: completing it may forget a refused move.
        let target = schedule.states[feed.url]?.movedTo ?? feed.url
        guard let state = schedule.complete(feed.url, report: report, reschedule: reschedules, using: &random) else { return }
        unsaved = true
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

    /// Writes feed state when it changed and `force` is set or ten seconds passed since the last write.
    func saveIfNeeded(force: Bool) throws {
        guard unsaved, force || Date().timeIntervalSince(lastSave) >= 10 else { return }
        try store?.save(schedule.states)
        unsaved = false
        lastSave = Date()
    }

    /// The configured feeds by health, counted where the states live (no copy of them).
    func feedCounts() -> FeedCounts {
        FeedCounts(feeds: schedule.feeds.keys, states: schedule.states)
    }

    var states: [String: FeedState] { schedule.states }
    var feedCount: Int { schedule.feeds.count }
    var inFlightCount: Int { schedule.inFlight.count }
    var inFlightURLs: Set<String> { Set(schedule.inFlight.keys) }
}

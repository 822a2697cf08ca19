import DequeModule
import HeapModule

/// Which feed to poll when: due times in a heap, due feeds queued per host so that no host gets
/// more than its share of polls at once, and every feed's state updated from its poll reports.
///
/// A plain value driven by explicit times, so a virtual clock can run it through simulated days.
public struct Schedule: Sendable {
    public private(set) var feeds: [String: FeedConfig] = [:]
    public private(set) var states: [String: FeedState]
    public let policy: IntervalPolicy
    /// Polls in flight to one host at most.
    public let perHostLimit: Int

    private struct Due: Comparable, Sendable {
        var time: Double
        var url: String
        var generation: Int
        static func < (a: Due, b: Due) -> Bool { a.time < b.time }
    }

    private struct Ticket: Sendable {
        var url: String
        var generation: Int
    }

    private var future = Heap<Due>()
    private var readyByHost: [String: Deque<Ticket>] = [:]
    private var generations: [String: Int] = [:]
    private var inFlightByHost: [String: Int] = [:]
    /// Feed URL → host key of every poll in flight.
    public private(set) var inFlight: [String: String] = [:]
    /// Polls in flight that still hold their host's slot (their transfer is not over).
    private var holdingHost: Set<String> = []
    private var nextGeneration = 0

    public init(policy: PollPolicy, perHostLimit: Int, states: [String: FeedState] = [:]) {
        self.policy = IntervalPolicy(policy: policy)
        self.perHostLimit = max(1, perHostLimit)
        self.states = states
    }

    /// What a new configuration changed.
    public struct Change: Sendable, Equatable {
        public var added: [FeedConfig] = []
        public var removed: [FeedConfig] = []
        public var changed: [FeedConfig] = []
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    }

    /// Makes `configured` the set of feeds. A feed never polled is due now; one with a saved next
    /// poll keeps it (a restart keeps the schedule), spread over `spread` seconds when overdue.
    /// `honourSavedTimes` false makes every new feed due now (poll-once); `pollGone` polls even
    /// the feeds a 410 stopped (`poll-once --force`).
    @discardableResult
    public mutating func apply(_ configured: [FeedConfig], now: Double, spread: Double = 0, honourSavedTimes: Bool = true,
                               pollGone: Bool = false, using random: inout some RandomNumberGenerator) -> Change {
        var change = Change()
        let incoming = Dictionary(configured.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        for (url, old) in feeds where incoming[url] == nil {
            change.removed.append(old)
            feeds[url] = nil
            states[url] = nil
            generations[url] = nil
        }
        for feed in configured {
            if let old = feeds[feed.url] {
                guard old != feed else { continue }
                feeds[feed.url] = feed
                if old.interval != feed.interval || old.name != feed.name { change.changed.append(feed) }
                if old.interval != feed.interval, inFlight[feed.url] == nil {
                    enqueue(feed.url, at: now)
                }
                continue
            }
            change.added.append(feed)
            feeds[feed.url] = feed
            let state = states[feed.url] ?? FeedState()
            states[feed.url] = state
            guard !state.gone || pollGone else { continue }
            let saved = honourSavedTimes ? state.nextPoll ?? 0 : 0
            let overdue = saved > 0 && saved <= now && spread > 0
            let when = saved > now ? saved : now + (overdue ? Double.random(in: 0..<spread, using: &random) : 0)
            enqueue(feed.url, at: when)
        }
        return change
    }

    /// Takes saved states for feeds not in the schedule yet: the next `apply` that adds them
    /// continues from these (a node taking over another's feeds) instead of starting afresh.
    public mutating func adopt(_ saved: [String: FeedState]) {
        for (url, state) in saved where feeds[url] == nil { states[url] = state }
    }

    /// Feeds due at `now`, at most `limit`, never more than `perHostLimit` in flight per host;
    /// each is marked in flight until `complete` is called for it.
    public mutating func takeDue(now: Double, limit: Int) -> [FeedConfig] {
        while let first = future.min, first.time <= now {
            _ = future.removeMin()
            guard generations[first.url] == first.generation, let feed = feeds[first.url] else { continue }
            readyByHost[hostKey(feed), default: []].append(Ticket(url: first.url, generation: first.generation))
        }
        var taken: [FeedConfig] = []
        var progress = true
        while taken.count < limit && progress {
            progress = false
            for host in Array(readyByHost.keys) where taken.count < limit {
                guard inFlightByHost[host, default: 0] < perHostLimit else { continue }
                guard let feed = popReady(host: host) else { continue }
                inFlightByHost[host, default: 0] += 1
                inFlight[feed.url] = host
                holdingHost.insert(feed.url)
                taken.append(feed)
                progress = true
            }
        }
        return taken
    }

    /// Seconds since the epoch at which the next feed falls due, ignoring per-host waits.
    public var nextDueTime: Double? {
        mutating get {
            while let first = future.min, generations[first.url] != first.generation || feeds[first.url] == nil {
                _ = future.removeMin()
            }
            if readyByHost.values.contains(where: { !$0.isEmpty }) { return 0 }
            return future.min?.time
        }
    }

    /// Feeds waiting for a free per-host slot.
    public var readyCount: Int { readyByHost.values.reduce(0) { $0 + $1.count } }

    /// Frees the feed's per-host slot once its transfer is over, while its parse and archive
    /// writes go on: politeness is about the host, not about local work.
    public mutating func releaseHost(_ url: String) {
        guard let host = inFlight[url], holdingHost.remove(url) != nil else { return }
        inFlightByHost[host, default: 1] -= 1
        if inFlightByHost[host] == 0 { inFlightByHost[host] = nil }
    }

    /// Records a finished poll: updates the feed's state and, when `reschedule` (a daemon, not a
    /// single pass), queues its next poll. Returns the updated state (nil when the feed was removed).
    @discardableResult
    public mutating func complete(_ url: String, report: PollReport, reschedule: Bool = true,
                                  using random: inout some RandomNumberGenerator) -> FeedState? {
        releaseHost(url)
        inFlight[url] = nil
        guard let feed = feeds[url], var state = states[url] else { return nil }
        let now = report.finishedAt
        switch report.outcome {
        case .interrupted:
            if reschedule { enqueue(url, at: now) }
            return state
        case .gone:
            state.gone = true
            state.lastStatus = 410
            state.lastPolled = now
            state.lastError = "410 Gone"
            state.nextPoll = nil
            states[url] = state
            generations[url] = nil
            return state
        case .failed(let cause, let status, let retryAfter):
            state.consecutiveFailures += 1
            state.lastError = cause
            state.lastStatus = status
            state.lastPolled = now
            if report.forgetsMove { state.movedTo = nil }
            if let retryAfter { state.retryAfterUntil = now + Double(policy.honoured(retryAfter: retryAfter)) }
            // Jitter spreads retries, but never brings one before what the server asked for.
            let delay = policy.retryDelay(failures: state.consecutiveFailures, retryAfter: retryAfter)
            let backoff = policy.retryDelay(failures: state.consecutiveFailures, retryAfter: nil)
            state.nextPoll = now + (delay > backoff ? Double(delay) : policy.jittered(delay, using: &random))
        case .fetched, .notModified:
            if case .fetched(let status) = report.outcome {
                state.lastStatus = status
                state.etag = FeedState.storableValidator(report.etag)
                state.lastModified = FeedState.storableValidator(report.lastModified)
            } else {
                state.lastStatus = 304
            }
            state.consecutiveFailures = 0
            state.lastError = nil
            state.retryAfterUntil = nil
            // A feed that answers again after a 410 (polled by `poll-once --force`) is polled again.
            state.gone = false
            state.lastPolled = now
            if let moved = report.movedTo { state.movedTo = moved }
            if report.newItems > 0 {
                state.lastNewItems = now
                state.itemsArchived += report.newItems
            }
            let interval = policy.interval(
                configured: feed.interval, previous: state.interval, newestEntry: report.newestEntry ?? state.newestEntry,
                meanEntryGap: report.meanEntryGap ?? state.meanEntryGap, newItems: report.newItems,
                hints: report.hints, serverFreshness: report.serverFreshness, now: now)
            if let newest = report.newestEntry { state.newestEntry = newest }
            if let gap = report.meanEntryGap { state.meanEntryGap = gap }
            state.interval = interval
            state.nextPoll = policy.skipping(now + policy.jittered(interval, using: &random), hints: report.hints)
        }
        states[url] = state
        if reschedule, let next = state.nextPoll { enqueue(url, at: next) }
        return state
    }

    private mutating func enqueue(_ url: String, at time: Double) {
        nextGeneration += 1
        generations[url] = nextGeneration
        future.insert(Due(time: time, url: url, generation: nextGeneration))
    }

    private mutating func popReady(host: String) -> FeedConfig? {
        while var queue = readyByHost[host], let ticket = queue.popFirst() {
            readyByHost[host] = queue.isEmpty ? nil : queue
            if generations[ticket.url] == ticket.generation, inFlight[ticket.url] == nil, let feed = feeds[ticket.url] {
                return feed
            }
        }
        readyByHost[host] = nil
        return nil
    }

    private func hostKey(_ feed: FeedConfig) -> String {
        HostKey.of(states[feed.url]?.movedTo ?? feed.url)
    }
}

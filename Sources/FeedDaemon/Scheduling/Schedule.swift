import FeedMetrics
import HTTPFetching
import HeapModule

/// Which feed to poll when: due times in a heap, due feeds queued per host so that no host gets
/// more than its share of polls at once, and every feed's state updated from its poll reports.
///
/// Built for a hundred thousand feeds: each lives in a slot (its index in the configured list,
/// whose array is shared with the config, not copied), its state in a flat array beside it;
/// picking the next due feed, admitting it past its host's limit and rescheduling it each cost
/// O(log n). A plain value driven by explicit times, so a virtual clock can run it through
/// simulated days.
public struct Schedule: Sendable {
    public let policy: IntervalPolicy
    /// Polls in flight to one host at most.
    public let perHostLimit: Int

    /// What the schedule keeps per feed besides its config and state.
    struct Slot: Sendable {
        /// Changes whenever the feed is (re)queued or stops being polled: heap entries and tickets
        /// of an older generation are stale and skipped.
        var generation = 0
        /// Index into `hostKeys` of the host its polls go to.
        var host: Int32 = 0
        /// False for a second listing of a URL, which is ignored.
        var listed = true
        var inFlight = false
        /// The poll's transfer is not over yet: it still counts against its host's limit.
        var holdingHost = false
        /// Its state changed since it was last handed to the store.
        var unsaved = false
    }

    /// A feed falling due. Plain numbers, nothing reference-counted: the heap moves these around
    /// a hundred thousand times a pass.
    struct Due: Comparable, Sendable {
        var time: Double
        var slot: Int32
        var generation: Int
        static func < (a: Due, b: Due) -> Bool { a.time < b.time }
        static func == (a: Due, b: Due) -> Bool { a.time == b.time }
    }

    /// A due feed waiting for its host to have a free slot.
    struct Ticket: Sendable {
        var slot: Int32
        var generation: Int
    }

    /// A poll still running for a feed the configuration has since dropped.
    struct Orphan: Sendable {
        var host: Int32
        var holdingHost: Bool
    }

    /// The configured feeds in config order; a feed's slot is its index here.
    var feeds: [FeedConfig] = []
    var states: [FeedState] = []
    var slots: [Slot] = []
    var slotByURL: [String: Int32] = [:]
    var hostKeys: [String] = []
    var hostIndex: [String: Int32] = [:]
    var future = Heap<Due>()
    /// Due feeds in one line per host (by index into `hostKeys`).
    var ready: AdmissionQueue<Ticket, Int32>
    var nextGeneration = 0
    var orphans: [String: Orphan] = [:]
    /// States saved by an earlier run, waiting for `apply` to meet their feeds.
    var saved: [StoredFeedState]
    var removedSinceSave: [String] = []
    var unsavedCount = 0
    /// Polls taken and not yet completed.
    public private(set) var inFlightCount = 0

    /// `saved` are the states an earlier run left (a feed keeps its schedule across a restart);
    /// they are matched to feeds by the first `apply`, and the rest are let go.
    public init(policy: PollPolicy, perHostLimit: Int, saved: [StoredFeedState] = []) {
        self.policy = IntervalPolicy(policy: policy)
        self.perHostLimit = max(1, perHostLimit)
        self.saved = saved
        ready = AdmissionQueue(maxRunning: Int.max, maxPerHost: self.perHostLimit)
    }

    /// Feeds due at `now`, at most `limit`, never more than `perHostLimit` in flight per host,
    /// longest-waiting first; each is marked in flight until `complete` is called for it.
    public mutating func takeDue(now: Double, limit: Int) -> [FeedConfig] {
        takeDuePolls(now: now, limit: limit).map(\.feed)
    }

    /// A poll `takeDuePolls` handed out: the feed, its state, and where the schedule keeps it
    /// (handed back to `releaseHost` and `complete`, it spares them looking the URL up).
    public struct DuePoll: Sendable {
        public let feed: FeedConfig
        public let state: FeedState
        public let slot: Int32
    }

    /// `takeDue`, with each feed's state.
    public mutating func takeDuePolls(now: Double, limit: Int) -> [DuePoll] {
        while let first = future.min, first.time <= now {
            _ = future.removeMin()
            guard isLive(first.slot, generation: first.generation) else { continue }
            ready.enqueue(Ticket(slot: first.slot, generation: first.generation), host: slots[Int(first.slot)].host)
        }
        var taken: [DuePoll] = []
        while taken.count < limit, let admitted = ready.next() {
            let slot = Int(admitted.item.slot)
            guard isLive(admitted.item.slot, generation: admitted.item.generation), !slots[slot].inFlight else {
                ready.finished(host: admitted.host)  // a stale ticket: it never ran
                continue
            }
            slots[slot].inFlight = true
            slots[slot].holdingHost = true
            inFlightCount += 1
            taken.append(DuePoll(feed: feeds[slot], state: states[slot], slot: admitted.item.slot))
        }
        return taken
    }

    /// Seconds since the epoch at which the next feed falls due (0 when one could start now);
    /// feeds waiting for a busy host wait for a poll to finish, not for a time.
    public var nextDueTime: Double? {
        mutating get {
            while let first = future.min, !isLive(first.slot, generation: first.generation) {
                _ = future.removeMin()
            }
            if ready.canStart { return 0 }
            return future.min?.time
        }
    }

    /// Frees the feed's per-host slot once its transfer is over, while its parse and archive
    /// writes go on: politeness is about the host, not about local work.
    public mutating func releaseHost(_ url: String, slotHint: Int32? = nil) {
        if !orphans.isEmpty, let orphan = orphans[url] {
            guard orphan.holdingHost else { return }
            orphans[url]?.holdingHost = false
            ready.finished(host: orphan.host)
            return
        }
        guard let slot = slot(of: url, hint: slotHint), slots[slot].holdingHost else { return }
        slots[slot].holdingHost = false
        // The host cannot have changed since the poll was taken: only `complete` moves a feed.
        ready.finished(host: slots[slot].host)
    }

    /// Records a finished poll: updates the feed's state and, when `reschedule` (a daemon, not a
    /// single pass), queues its next poll. Returns the updated state (nil when the feed was removed).
    @discardableResult
    public mutating func complete(_ url: String, slotHint: Int32? = nil, report: PollReport, reschedule: Bool = true,
                                  using random: inout some RandomNumberGenerator) -> FeedState? {
        if !orphans.isEmpty, let orphan = orphans.removeValue(forKey: url) {
            if orphan.holdingHost { ready.finished(host: orphan.host) }
            inFlightCount -= 1
            return nil
        }
        guard let slot = slot(of: url, hint: slotHint), slots[slot].inFlight else { return nil }
        if slots[slot].holdingHost {
            slots[slot].holdingHost = false
            ready.finished(host: slots[slot].host)
        }
        slots[slot].inFlight = false
        inFlightCount -= 1
        let feed = feeds[slot]
        var state = states[slot]
        let now = report.finishedAt
        switch report.outcome {
        case .interrupted:
            if reschedule { enqueue(slot, at: now) }
            return state
        case .gone:
            state.gone = true
            state.lastStatus = 410
            state.lastPolled = now
            state.lastError = "410 Gone"
            state.nextPoll = nil
            update(slot, to: state)
            stopPolling(slot)
            return state
        case .failed(let cause, let status, let retryAfter):
            state.consecutiveFailures += 1
            state.lastError = cause
            state.lastStatus = status
            state.lastPolled = now
            if report.forgetsMove, state.movedTo != nil {
                // Back to the configured URL, and so to its host (the transfer's slot was handed back above).
                state.movedTo = nil
                slots[slot].host = hostSlot(for: feed.url)
            }
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
            if let moved = report.movedTo, moved != state.movedTo {
                state.movedTo = moved
                slots[slot].host = hostSlot(for: moved)
            }
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
        update(slot, to: state)
        if reschedule, let next = state.nextPoll { enqueue(slot, at: next) }
        return state
    }

    /// The feed's state, nil when it is not configured.
    public func state(of url: String) -> FeedState? {
        slotByURL[url].map { states[Int($0)] }
    }

    /// The configured feeds (each URL once).
    public var feedCount: Int { slotByURL.count }

    /// The configured URLs of the feeds being polled now.
    public var inFlightURLs: Set<String> {
        Set(slots.indices.lazy.filter { slots[$0].inFlight }.map { feeds[$0].url })
    }

    /// Counts for the service status line and the `feedd_feeds{state}` gauge.
    public struct Census: Sendable, Equatable {
        public var feeds = 0
        /// Feeds whose last polls failed, and feeds a 410 stopped (the status line's counts).
        public var failing = 0
        public var gone = 0
        public var polling = 0
        /// The configured feeds by `FeedHealth` (a feed in one state only: gone outranks failing).
        public var health = FeedCounts()
    }

    /// One pass over the flat state array: cheap enough to take at every scrape.
    public var census: Census {
        var census = Census(polling: inFlightCount)
        for (slot, state) in zip(slots, states) where slot.listed {
            census.feeds += 1
            if state.consecutiveFailures > 0 { census.failing += 1 }
            if state.gone { census.gone += 1 }
            census.health.add(FeedHealth(state))
        }
        return census
    }

    // MARK: - Slots

    /// The slot of `url`: `hint` when it still holds that feed (the same string, compared by
    /// identity first), else looked up. A lookup in a table of a hundred thousand URLs costs a
    /// few cache misses; a poll hands its hint back twice.
    func slot(of url: String, hint: Int32?) -> Int? {
        if let hint, feeds.indices.contains(Int(hint)), slots[Int(hint)].listed, feeds[Int(hint)].url == url { return Int(hint) }
        return slotByURL[url].map(Int.init)
    }

    /// Whether a heap entry or ticket is still the feed's current one. Generations are unique
    /// across all feeds, so this holds only for the feed it was made for.
    func isLive(_ slot: Int32, generation: Int) -> Bool {
        slots.indices.contains(Int(slot)) && slots[Int(slot)].generation == generation
    }

    mutating func enqueue(_ slot: Int, at time: Double) {
        nextGeneration += 1
        slots[slot].generation = nextGeneration
        future.insert(Due(time: time, slot: Int32(slot), generation: nextGeneration))
    }

    /// Makes every queued entry of the feed stale.
    mutating func stopPolling(_ slot: Int) {
        nextGeneration += 1
        slots[slot].generation = nextGeneration
    }

    mutating func update(_ slot: Int, to state: FeedState) {
        states[slot] = state
        if !slots[slot].unsaved {
            slots[slot].unsaved = true
            unsavedCount += 1
        }
    }

    /// The index of the host `url` talks to, interned: a host key is stored once however many
    /// feeds it serves.
    mutating func hostSlot(for url: String) -> Int32 {
        let key = HostKey.of(url)
        if let index = hostIndex[key] { return index }
        let index = Int32(hostKeys.count)
        hostKeys.append(key)
        hostIndex[key] = index
        return index
    }
}

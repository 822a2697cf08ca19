import FeedDaemon
import FeedMetrics
import FeedParsing
import TestSupport
import Testing

/// Scheduling rules over simulated days on a virtual clock: no real waiting.
@Suite struct ScheduleSimulationTests {
    static let day = 86_400.0
    let start = 1_800_000_000.0

    func feed(_ host: String, _ index: Int, interval: Int? = nil) -> FeedConfig {
        FeedConfig(url: "https://\(host)/feed\(index).xml", name: "\(host)-\(index)", interval: interval,
                   source: SourceLocation(file: "test.toml", line: index))
    }

    /// Runs the schedule from `start` for `days`, answering each poll with `answer`; returns each feed's poll times.
    func simulate(_ schedule: inout Schedule, days: Double, limit: Int = 1000,
                  answer: (FeedConfig, Double) -> PollReport) -> [String: [Double]] {
        var random = SeededRandom(seed: 7)
        var polls: [String: [Double]] = [:]
        var now = start
        let end = start + days * Self.day
        while now < end {
            let due = schedule.takeDue(now: now, limit: limit)
            for feed in due {
                polls[feed.url, default: []].append(now)
                schedule.complete(feed.url, report: answer(feed, now), using: &random)
            }
            guard let next = schedule.nextDueTime, next < end else { break }
            now = max(next, now)
            if due.isEmpty && next <= now { now += 1 }
        }
        return polls
    }

    @Test func perHostLimitHoldsAndFreesSlotsOneByOne() {
        var random = SeededRandom(seed: 1)
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 2)
        let feeds = (0..<10).map { feed("a.example", $0) } + (0..<10).map { feed("b.example", $0) } + [feed("c.example", 0)]
        schedule.apply(feeds, now: start, using: &random)
        let first = schedule.takeDue(now: start, limit: 100)
        let hosts = Dictionary(grouping: first, by: { $0.url.split(separator: "/")[1] }).mapValues(\.count)
        #expect(hosts == ["a.example": 2, "b.example": 2, "c.example": 1])
        #expect(schedule.takeDue(now: start + 1, limit: 100).isEmpty, "every host is at its limit")
        let done = first.first { $0.url.contains("a.example") }
        schedule.complete(done?.url ?? "", report: PollReport(outcome: .notModified, finishedAt: start + 2), using: &random)
        let next = schedule.takeDue(now: start + 2, limit: 100)
        #expect(next.count == 1)
        #expect(next.first?.url.contains("a.example") == true)
    }

    @Test(arguments: ["https://one.example", "file://"])
    func releasingTheHostSlotLetsTheNextTransferStart(prefix: String) {
        var random = SeededRandom(seed: 14)
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 2)
        let feeds = (0..<3).map { (index: Int) in FeedConfig(url: "\(prefix)/feed\(index).xml", name: "f\(index)", source: SourceLocation(file: "t", line: index)) }
        schedule.apply(feeds, now: start, using: &random)
        let first = schedule.takeDue(now: start, limit: 10)
        #expect(first.count == 2)
        #expect(schedule.takeDue(now: start, limit: 10).isEmpty)
        schedule.releaseHost(first[0].url)
        #expect(schedule.takeDue(now: start, limit: 10).count == 1, "the transfer is over: its slot goes to the next feed")
        schedule.complete(first[0].url, report: PollReport(outcome: .notModified, finishedAt: start + 1), using: &random)
        #expect(schedule.inFlightCount == 2, "completing after the release frees nothing twice")
        #expect(schedule.takeDue(now: start + 1, limit: 10).isEmpty)
    }

    @Test func retryAfterIsRememberedAndASuccessClearsItAndGone() {
        var random = SeededRandom(seed: 21)
        var schedule = Schedule(policy: PollPolicy(maxInterval: 7200, maxRetryDelay: 7200), perHostLimit: 2)
        let busy = feed("busy.example", 0)
        let gone = feed("gone.example", 0)
        schedule.apply([busy, gone], now: start, using: &random)
        _ = schedule.takeDue(now: start, limit: 10)
        schedule.complete(busy.url, report: PollReport(outcome: .failed(cause: "HTTP 503", status: 503, retryAfter: 1_000_000), finishedAt: start),
                          using: &random)
        schedule.complete(gone.url, report: PollReport(outcome: .gone, finishedAt: start), using: &random)
        #expect(schedule.state(of: busy.url)?.retryAfterUntil == start + 7200, "a Retry-After is honoured up to the longest wait allowed")
        #expect(schedule.state(of: gone.url)?.gone == true)

        // A new schedule from the saved states (poll-once --force): both polled, both answer.
        var forced = Schedule(policy: PollPolicy(), perHostLimit: 2, saved: schedule.storedStates)
        forced.apply([busy, gone], now: start + 10, honourSavedTimes: false, pollGone: true, using: &random)
        #expect(Set(forced.takeDue(now: start + 10, limit: 10).map { $0.url }) == [busy.url, gone.url])
        for url in [busy.url, gone.url] {
            forced.complete(url, report: PollReport(outcome: .fetched(status: 200), finishedAt: start + 11), reschedule: false, using: &random)
        }
        #expect(forced.state(of: busy.url)?.retryAfterUntil == nil)
        #expect(forced.state(of: gone.url)?.gone == false)

        // Without pollGone, a gone feed is never due.
        var plain = Schedule(policy: PollPolicy(), perHostLimit: 2, saved: schedule.storedStates)
        plain.apply([busy, gone], now: start + 10, honourSavedTimes: false, using: &random)
        #expect(plain.takeDue(now: start + 10, limit: 10).map { $0.url } == [busy.url])

        // A single pass without --force sets both aside: the gone feed, and the one whose
        // Retry-After has not passed (taken off the queue); once it has, that one is polled.
        for (now, expected) in [(start + 10, [busy.url: start + 7200, gone.url: nil]), (start + 7201, [gone.url: nil])] {
            var pass = Schedule(policy: PollPolicy(), perHostLimit: 2, saved: schedule.storedStates)
            pass.apply([busy, gone], now: now, honourSavedTimes: false, using: &random)
            let setAside = pass.setAsideForSinglePass(now: now)
            #expect(Dictionary(uniqueKeysWithValues: setAside.map { ($0.feed.url, $0.retryAfterUntil) }) == expected)
            #expect(pass.takeDue(now: now, limit: 10).count == 2 - expected.count)
        }
    }

    @Test func globalLimitIsRespected() {
        var random = SeededRandom(seed: 2)
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 4)
        schedule.apply((0..<50).map { feed("h\($0).example", 0) }, now: start, using: &random)
        #expect(schedule.takeDue(now: start, limit: 16).count == 16)
        #expect(schedule.takeDue(now: start, limit: 16).count == 16)
        #expect(schedule.inFlightCount == 32)
    }

    @Test func perHostLimitOverSimulatedDays() {
        // Twenty feeds on one host, each poll taking ten minutes of virtual time: never more than 2 at once.
        var random = SeededRandom(seed: 3)
        var schedule = Schedule(policy: PollPolicy(defaultInterval: 600, minInterval: 60, jitter: 0), perHostLimit: 2)
        schedule.apply((0..<20).map { feed("busy.example", $0) }, now: start, using: &random)
        var running: [(String, Double)] = []
        var peak = 0
        var now = start
        var completed = 0
        while now < start + 2 * Self.day {
            running.sort { $0.1 < $1.1 }
            while let first = running.first, first.1 <= now {
                running.removeFirst()
                schedule.complete(first.0, report: PollReport(outcome: .notModified, finishedAt: now), using: &random)
                completed += 1
            }
            for feed in schedule.takeDue(now: now, limit: 100) { running.append((feed.url, now + 600)) }
            peak = max(peak, running.count)
            now += 60
        }
        #expect(peak == 2)
        #expect(completed > 200, "the host's feeds still get polled, two at a time")
    }

    @Test func failuresBackOffExponentiallyUpToTheCap() {
        let policy = PollPolicy(jitter: 0, retryDelay: 60, maxRetryDelay: 3600)
        var schedule = Schedule(policy: policy, perHostLimit: 2)
        var random = SeededRandom(seed: 4)
        schedule.apply([feed("down.example", 0)], now: start, using: &random)
        let polls = simulate(&schedule, days: 1) { _, now in
            PollReport(outcome: .failed(cause: "connection refused", status: nil, retryAfter: nil), finishedAt: now)
        }
        let times = polls.values.first ?? []
        let gaps = zip(times.dropFirst(), times).map { Int($0 - $1) }
        #expect(Array(gaps.prefix(8)) == [60, 120, 240, 480, 960, 1920, 3600, 3600])
        #expect(gaps.allSatisfy { $0 <= 3600 })
    }

    @Test func backoffJitterStaysWithinBounds() {
        let policy = IntervalPolicy(policy: PollPolicy(jitter: 0.1, retryDelay: 60, maxRetryDelay: 3600))
        var random = SeededRandom(seed: 5)
        for failures in 1...12 {
            let base = policy.retryDelay(failures: failures, retryAfter: nil)
            let jittered = policy.jittered(base, using: &random)
            #expect(jittered >= Double(base) * 0.9 && jittered <= Double(base) * 1.1)
        }
    }

    @Test func retryAfterIsHonoured() {
        var schedule = Schedule(policy: PollPolicy(jitter: 0.1, retryDelay: 60), perHostLimit: 2)
        var random = SeededRandom(seed: 6)
        schedule.apply([feed("busy.example", 0)], now: start, using: &random)
        let polls = simulate(&schedule, days: 1) { _, now in
            PollReport(outcome: .failed(cause: "HTTP 429", status: 429, retryAfter: 7200), finishedAt: now)
        }
        let times = polls.values.first ?? []
        #expect(times.count >= 3)
        #expect(zip(times.dropFirst(), times).allSatisfy { $0 - $1 >= 7200 })
    }

    @Test func hostileRetryAfterIsCapped() {
        var schedule = Schedule(policy: PollPolicy(maxInterval: 86_400, maxRetryDelay: 3600), perHostLimit: 2)
        var random = SeededRandom(seed: 15)
        schedule.apply([feed("greedy.example", 0)], now: start, using: &random)
        _ = schedule.takeDue(now: start, limit: 10)
        let state = schedule.complete("https://greedy.example/feed0.xml", report: PollReport(
            outcome: .failed(cause: "HTTP 503", status: 503, retryAfter: 10 * 365 * 86_400), finishedAt: start), using: &random)
        #expect(state?.nextPoll == start + 86_400, "a Retry-After of ten years waits max_interval at most")
    }

    @Test func goneFeedIsNeverPolledAgain() {
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 2)
        var random = SeededRandom(seed: 8)
        schedule.apply([feed("old.example", 0), feed("live.example", 0)], now: start, using: &random)
        let polls = simulate(&schedule, days: 3) { feed, now in
            feed.url.contains("old") ? PollReport(outcome: .gone, finishedAt: now) : PollReport(outcome: .notModified, finishedAt: now)
        }
        #expect(polls["https://old.example/feed0.xml"]?.count == 1)
        #expect((polls["https://live.example/feed0.xml"]?.count ?? 0) > 3)
        #expect(schedule.state(of: "https://old.example/feed0.xml")?.gone == true)
    }

    @Test func adaptiveIntervalFollowsPublishingRate() {
        // An hourly publisher is polled near min_interval; a weekly one near max_interval.
        let policy = PollPolicy(defaultInterval: 1800, minInterval: 600, maxInterval: 86_400, jitter: 0.1)
        var schedule = Schedule(policy: policy, perHostLimit: 2)
        var random = SeededRandom(seed: 9)
        schedule.apply([feed("hourly.example", 0), feed("weekly.example", 0)], now: start, using: &random)
        let polls = simulate(&schedule, days: 14) { feed, now in
            let period = feed.url.contains("hourly") ? 3600.0 : 7 * Self.day
            let newest = (now / period).rounded(.down) * period
            return PollReport(outcome: .fetched(status: 200), finishedAt: now, itemsSeen: 20, newItems: 1,
                              newestEntry: newest, meanEntryGap: period)
        }
        let hourly = polls["https://hourly.example/feed0.xml"] ?? []
        let weekly = polls["https://weekly.example/feed0.xml"] ?? []
        let hourlyGap = (hourly.last! - hourly.first!) / Double(hourly.count - 1)
        let weeklyGap = (weekly.last! - weekly.first!) / Double(weekly.count - 1)
        #expect(hourlyGap >= 540 && hourlyGap <= 3600, "hourly feed polled every \(hourlyGap) s")
        #expect(weeklyGap >= 0.5 * Self.day, "weekly feed polled every \(weeklyGap) s")
        #expect(hourly.count > 10 * weekly.count)
    }

    @Test func feedAndServerHintsAreFloors() {
        let policy = IntervalPolicy(policy: PollPolicy(defaultInterval: 600, minInterval: 300, maxInterval: 86_400, adaptive: false))
        let ttl = PollingHints(ttlMinutes: 120)
        #expect(policy.interval(configured: nil, previous: nil, newestEntry: nil, meanEntryGap: nil, newItems: 0,
                                hints: ttl, serverFreshness: nil, now: start) == 7200)
        #expect(policy.interval(configured: nil, previous: nil, newestEntry: nil, meanEntryGap: nil, newItems: 0,
                                hints: PollingHints(syndicationInterval: 86_400 * 7), serverFreshness: nil, now: start) == 86_400,
                "a floor beyond max_interval is capped at max_interval")
        #expect(policy.interval(configured: nil, previous: nil, newestEntry: nil, meanEntryGap: nil, newItems: 0,
                                hints: nil, serverFreshness: 3600, now: start) == 3600)
        #expect(policy.interval(configured: 60, previous: nil, newestEntry: nil, meanEntryGap: nil, newItems: 0,
                                hints: nil, serverFreshness: nil, now: start) == 300, "min_interval bounds even a configured interval")
    }

    @Test func skipHoursAndDaysAreAvoided() {
        let policy = IntervalPolicy(policy: PollPolicy())
        let hints = PollingHints(skipHours: Set(0...11), skipDays: [1])  // mornings and Sundays, UTC
        var time = start
        for _ in 0..<500 {
            let next = policy.skipping(time, hints: hints)
            let hour = Int(next / 3600) % 24
            let weekday = (Int(next / Self.day) + 4) % 7 + 1
            #expect(hour >= 12 && weekday != 1)
            #expect(next >= time)
            time += 3917
        }
        let everyHour = PollingHints(skipHours: Set(0...23))
        #expect(policy.skipping(start, hints: everyHour) == start, "a hint that skips everything is ignored")
    }

    @Test func jitterSpreadsFeedsApart() {
        var schedule = Schedule(policy: PollPolicy(defaultInterval: 3600, jitter: 0.1, adaptive: false), perHostLimit: 100)
        var random = SeededRandom(seed: 10)
        schedule.apply((0..<50).map { feed("h.example", $0) }, now: start, using: &random)
        for feed in schedule.takeDue(now: start, limit: 100) {
            schedule.complete(feed.url, report: PollReport(outcome: .notModified, finishedAt: start), using: &random)
        }
        let nexts = Set(schedule.storedStates.compactMap(\.state.nextPoll))
        #expect(nexts.count == 50)
        #expect(nexts.allSatisfy { $0 >= start + 3240 && $0 <= start + 3960 })
    }

    @Test func restartKeepsTheSchedule() {
        var random = SeededRandom(seed: 11)
        var schedule = Schedule(policy: PollPolicy(defaultInterval: 3600, adaptive: false), perHostLimit: 100)
        let feeds = (0..<20).map { feed("h.example", $0) }
        schedule.apply(feeds, now: start, using: &random)
        for feed in schedule.takeDue(now: start, limit: 100) {
            schedule.complete(feed.url, report: PollReport(outcome: .notModified, finishedAt: start), using: &random)
        }
        var restarted = Schedule(policy: PollPolicy(defaultInterval: 3600, adaptive: false), perHostLimit: 100, saved: schedule.storedStates)
        restarted.apply(feeds, now: start + 60, spread: 300, using: &random)
        #expect(restarted.takeDue(now: start + 60, limit: 100).isEmpty, "a restart polls nothing that is not due")
        // After a long outage every feed is overdue: they come back spread over the window, not at once.
        var late = Schedule(policy: PollPolicy(defaultInterval: 3600, adaptive: false), perHostLimit: 100, saved: schedule.storedStates)
        late.apply(feeds, now: start + Self.day, spread: 300, using: &random)
        let immediately = late.takeDue(now: start + Self.day, limit: 100).count
        let withinWindow = late.takeDue(now: start + Self.day + 300, limit: 100).count
        #expect(immediately < 5)
        #expect(immediately + withinWindow == 20)
    }

    @Test func reloadAddsAndRemovesFeeds() {
        var random = SeededRandom(seed: 12)
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 10)
        let a = feed("a.example", 0), b = feed("b.example", 0), c = feed("c.example", 0)
        schedule.apply([a, b], now: start, using: &random)
        _ = schedule.takeDue(now: start, limit: 10)
        let change = schedule.apply([b, c], now: start + 10, using: &random)
        #expect(change.added == [c.url])
        #expect(change.removed == [a.url])
        #expect(schedule.takeDue(now: start + 10, limit: 10) == [c])
        schedule.complete(a.url, report: PollReport(outcome: .notModified, finishedAt: start + 20), using: &random)
        #expect(schedule.state(of: a.url) == nil, "a removed feed's late report is dropped")
    }

    @Test func permanentRedirectMovesTheFeed() {
        var random = SeededRandom(seed: 13)
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 10)
        let a = feed("old-host.example", 0)
        schedule.apply([a], now: start, using: &random)
        _ = schedule.takeDue(now: start, limit: 10)
        let moved = "https://new-host.example/feed.xml"
        schedule.complete(a.url, report: PollReport(outcome: .fetched(status: 200), finishedAt: start, movedTo: moved), using: &random)
        #expect(schedule.state(of: a.url)?.movedTo == moved)
    }

    /// A saved move the address policy refused is forgotten: the feed goes back to its configured
    /// URL, and to that host's share of polls.
    @Test func forgottenMoveReturnsTheFeedToItsHost() {
        var random = SeededRandom(seed: 15)
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 1)
        let a = feed("old-host.example", 0), b = feed("old-host.example", 1)
        schedule.apply([a, b], now: start, using: &random)
        #expect(schedule.takeDue(now: start, limit: 10) == [a], "one host, one poll at a time")
        schedule.complete(a.url, report: PollReport(outcome: .fetched(status: 200), finishedAt: start,
                                                    movedTo: "http://10.0.0.1/feed.xml"), reschedule: false, using: &random)
        #expect(schedule.takeDue(now: start, limit: 10) == [b])
        schedule.complete(b.url, report: PollReport(outcome: .notModified, finishedAt: start), reschedule: false, using: &random)

        // Both due again: a now goes to another host, so both run at once.
        var again = Schedule(policy: PollPolicy(), perHostLimit: 1, saved: schedule.storedStates)
        again.apply([a, b], now: start + 1, honourSavedTimes: false, using: &random)
        #expect(Set(again.takeDue(now: start + 1, limit: 10).map(\.url)) == [a.url, b.url])
        var refused = PollReport(outcome: .failed(cause: "address 10.0.0.1 is private", status: nil, retryAfter: nil), finishedAt: start + 2)
        refused.forgetsMove = true
        #expect(again.complete(a.url, report: refused, using: &random)?.movedTo == nil)
        again.complete(b.url, report: PollReport(outcome: .notModified, finishedAt: start + 2), using: &random)

        // Back on the old host: when both are due, one at a time again.
        let later = start + 10 * 86_400
        #expect(again.takeDue(now: later, limit: 10).count == 1)
    }
}

/// The schedule at the size it is built for: a hundred thousand feeds on a virtual clock.
@Suite struct ScheduleAtScaleTests {
    let start = 1_800_000_000.0

    /// 100,000 feeds on 50 hosts (one host holding a third of them), each due at its own saved
    /// time; polls take random virtual time. Checked on every poll taken: no host over its limit,
    /// each host's feeds in due order, and no feed left waiting behind a later one whose host was
    /// no freer. Every feed is polled exactly once.
    @Test func hundredThousandFeedsKeepHostLimitsAndOrder() {
        let count = 100_000, hosts = 50, perHost = 2, concurrency = 64
        var random = SeededRandom(seed: 21)
        func host(of index: Int) -> Int { index % 3 == 0 ? 0 : 1 + index % (hosts - 1) }
        var feeds: [FeedConfig] = []
        var saved: [StoredFeedState] = []
        var dueTimes = Array(0..<count).map { start + Double($0) * 0.01 }
        dueTimes.shuffle(using: &random)
        for index in 0..<count {
            let feed = FeedConfig(url: "https://h\(host(of: index)).example/feed\(index).xml", source: SourceLocation(file: "t", line: index))
            feeds.append(feed)
            var state = FeedState()
            state.nextPoll = dueTimes[index]
            saved.append(StoredFeedState(url: feed.url, state: state))
        }
        let policy = PollPolicy(defaultInterval: 86_400, minInterval: 86_400, maxInterval: 86_400, jitter: 0, adaptive: false)
        var schedule = Schedule(policy: policy, perHostLimit: perHost, saved: saved)
        schedule.apply(feeds, now: start, using: &random)

        // What the test knows: each host's feeds not yet taken, in due order, and who holds a slot.
        let indexByURL = Dictionary(uniqueKeysWithValues: feeds.enumerated().map { ($1.url, $0) })
        var waiting = [[Int]](repeating: [], count: hosts)
        for index in (0..<count).sorted(by: { dueTimes[$0] < dueTimes[$1] }) { waiting[host(of: index)].append(index) }
        var cursor = [Int](repeating: 0, count: hosts)
        var holding = [Int](repeating: 0, count: hosts)
        var running: [(releaseAt: Double, completeAt: Double, url: String, slot: Int32, released: Bool)] = []
        var polled = [Int](repeating: 0, count: count)
        var violations: [String] = []
        var now = start
        var taken = 0
        while taken < count || !running.isEmpty {
            for due in schedule.takeDuePolls(now: now, limit: concurrency - running.count) {
                let poll = due.feed
                guard let index = indexByURL[poll.url] else { continue }
                let h = host(of: index)
                polled[index] += 1
                taken += 1
                if holding[h] >= perHost { violations.append("host \(h) over its limit at \(now)") }
                if waiting[h][cursor[h]] != index { violations.append("host \(h): feed \(index) before \(waiting[h][cursor[h]])") }
                // No other host with a free slot had a feed due earlier still waiting.
                for other in 0..<hosts where other != h && holding[other] < perHost && cursor[other] < waiting[other].count {
                    let first = waiting[other][cursor[other]]
                    if dueTimes[first] < dueTimes[index] {
                        violations.append("feed \(index) (due \(dueTimes[index])) taken while \(first) (due \(dueTimes[first])) waited on a free host")
                    }
                }
                cursor[h] += 1
                holding[h] += 1
                let transfer = Double.random(in: 0.05...3, using: &random)
                running.append((now + transfer, now + transfer + Double.random(in: 0...0.5, using: &random), poll.url, due.slot, false))
            }
            guard violations.count < 5 else { break }
            // Advance the clock to the next release, completion or due time.
            let nextEvent = running.map { $0.released ? $0.completeAt : $0.releaseAt }.min()
            let nextDue = schedule.nextDueTime.map { max($0, now) }
            guard let next = [nextEvent, running.count < concurrency ? nextDue : nil].compactMap({ $0 }).min() else { break }
            now = max(now, next)
            for position in running.indices where !running[position].released && running[position].releaseAt <= now {
                running[position].released = true
                schedule.releaseHost(running[position].url, slotHint: running[position].slot)
                if let index = indexByURL[running[position].url] { holding[host(of: index)] -= 1 }
            }
            running.removeAll { poll in
                guard poll.released, poll.completeAt <= now else { return false }
                schedule.complete(poll.url, slotHint: poll.slot, report: PollReport(outcome: .notModified, finishedAt: now), using: &random)
                return true
            }
        }
        #expect(violations.isEmpty, "\(violations.prefix(5))")
        #expect(polled.allSatisfy { $0 == 1 }, "\(polled.filter { $0 != 1 }.count) feeds not polled exactly once")
        #expect(schedule.inFlightCount == 0)
        #expect(schedule.nextDueTime.map { $0 >= start + 86_400 * 0.9 } == true, "the next round is a day away")
    }

    /// A reload that reorders, removes and adds feeds while polls are queued and in flight: the
    /// queued ones are still polled once, the removed ones never again, and polls in flight are
    /// completed through stale slot hints (kept feeds) or as orphans (removed ones).
    @Test func reloadWhileQueuedKeepsEveryFeedOnce() {
        var random = SeededRandom(seed: 22)
        let feeds = (0..<1000).map { (index: Int) in
            FeedConfig(url: "https://h\(index % 4).example/f\(index).xml", source: SourceLocation(file: "t", line: index))
        }
        var schedule = Schedule(policy: PollPolicy(defaultInterval: 86_400, minInterval: 86_400, jitter: 0), perHostLimit: 2)
        schedule.apply(feeds, now: start, using: &random)
        let taken = schedule.takeDuePolls(now: start, limit: 6)
        #expect(taken.count == 6)
        // Reversed, without the first hundred and half the polls in flight, with ten new feeds in front.
        let removed = Set(feeds.prefix(100).map(\.url) + taken.suffix(3).map(\.feed.url)).subtracting(taken.prefix(3).map(\.feed.url))
        let added = (0..<10).map { (index: Int) in
            FeedConfig(url: "https://new.example/f\(index).xml", source: SourceLocation(file: "t", line: index))
        }
        let change = schedule.apply(added + feeds.filter { !removed.contains($0.url) }.reversed(), now: start, using: &random)
        #expect(change.added.count == 10)
        #expect(change.removed.count == removed.count)
        var polls: [String: Int] = [:]
        for poll in taken {
            schedule.releaseHost(poll.feed.url, slotHint: poll.slot)
            let state = schedule.complete(poll.feed.url, slotHint: poll.slot,
                                          report: PollReport(outcome: .notModified, finishedAt: start), using: &random)
            #expect((state == nil) == removed.contains(poll.feed.url), "a removed feed's report is dropped, a kept one's recorded")
            polls[poll.feed.url, default: 0] += 1
        }
        #expect(schedule.inFlightCount == 0)
        while true {
            let due = schedule.takeDue(now: start + 1, limit: 50)
            if due.isEmpty { break }
            for feed in due {
                polls[feed.url, default: 0] += 1
                schedule.complete(feed.url, report: PollReport(outcome: .notModified, finishedAt: start + 1), using: &random)
            }
        }
        let inFlightBefore = Set(taken.map(\.feed.url))
        #expect(removed.allSatisfy { polls[$0] == nil || inFlightBefore.contains($0) }, "no removed feed is polled after the reload")
        #expect(feeds.filter { !removed.contains($0.url) }.allSatisfy { polls[$0.url] == 1 }, "every kept feed polled exactly once")
        #expect(added.allSatisfy { polls[$0.url] == 1 })
        #expect(schedule.inFlightCount == 0)
    }
}

/// A node taking over another's hosts (`Schedule.adopt`), and the counts metrics read (`census`).
@Suite struct ScheduleTakeoverTests {
    let start = 1_800_000_000.0

    func feed(_ host: String, _ index: Int) -> FeedConfig {
        FeedConfig(url: "https://\(host)/feed\(index).xml", name: "\(host)-\(index)", source: SourceLocation(file: "t", line: index))
    }

    @Test func adoptedStatesContinueWhereTheLastHolderStopped() {
        var random = SeededRandom(seed: 21)
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 10)
        let held = feed("held.example", 0), taken = feed("taken.example", 0), other = feed("taken.example", 1)
        schedule.apply([held], now: start, using: &random)
        _ = schedule.takeDue(now: start, limit: 10)
        schedule.complete(held.url, report: PollReport(outcome: .fetched(status: 200), finishedAt: start, etag: "\"mine\""), using: &random)
        _ = schedule.takeUnsaved(limit: 10)

        var saved = FeedState()
        saved.etag = "\"theirs\""
        saved.nextPoll = start + 600
        var stale = FeedState()
        stale.etag = "\"stale\""
        // A feed already held keeps its own state; one not added by the next apply is let go.
        schedule.adopt([StoredFeedState(url: taken.url, state: saved), StoredFeedState(url: held.url, state: stale),
                        StoredFeedState(url: other.url, state: stale)])
        let change = schedule.apply([held, taken], now: start + 1, using: &random)
        #expect(change.added == [taken.url])
        #expect(schedule.state(of: taken.url) == saved)
        #expect(schedule.state(of: held.url)?.etag == "\"mine\"")
        #expect(!schedule.hasUnsavedChanges, "a state loaded with its host is not saved back until a poll changes it")
        #expect(schedule.takeDue(now: start + 1, limit: 10).isEmpty, "the adopted feed keeps its next poll")
        #expect(schedule.takeDuePolls(now: start + 600, limit: 10).map(\.state.etag) == ["\"theirs\""])

        schedule.apply([held, taken, other], now: start + 601, using: &random)
        #expect(schedule.state(of: other.url) == FeedState(), "adopted states are met by the next apply only")
    }

    @Test func censusCountsEachFeedByHealth() {
        var random = SeededRandom(seed: 22)
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 10)
        let feeds = (0..<6).map { feed("h\($0).example", 0) }
        schedule.apply(feeds, now: start, using: &random)
        let taken = schedule.takeDue(now: start, limit: 4)
        #expect(taken.count == 4)
        let answers: [PollReport.Outcome] = [.fetched(status: 200), .failed(cause: "HTTP 503", status: 503, retryAfter: nil), .gone]
        for (feed, outcome) in zip(taken, answers) {
            schedule.complete(feed.url, report: PollReport(outcome: outcome, finishedAt: start + 1), using: &random)
        }
        schedule.complete(taken[3].url, report: PollReport(outcome: .fetched(status: 200), finishedAt: start + 1,
                                                           movedTo: "https://elsewhere.example/feed.xml"), using: &random)
        let census = schedule.census
        #expect(census.health == FeedCounts(ok: 1, failing: 1, gone: 1, moved: 1, pending: 2))
        #expect(census.feeds == 6 && census.failing == 1 && census.gone == 1 && census.polling == 0)
    }
}

@Suite struct ValidatorStorageTests {
    @Test(arguments: [(10, true), (1024, true), (1025, false), (64 << 10, false)])
    func validatorsAreStoredUpToOneKiB(length: Int, stored: Bool) {
        var random = SeededRandom(seed: 3)
        var schedule = Schedule(policy: PollPolicy(), perHostLimit: 2)
        let feed = FeedConfig(url: "https://a.example/feed.xml", name: "a", source: SourceLocation(file: "t", line: 1))
        schedule.apply([feed], now: 1000, using: &random)
        _ = schedule.takeDue(now: 1000, limit: 1)
        let etag = "\"" + String(repeating: "e", count: length - 2) + "\""
        let date = String(repeating: "d", count: length)
        let report = PollReport(outcome: .fetched(status: 200), finishedAt: 1001, etag: etag, lastModified: date)
        let state = schedule.complete(feed.url, report: report, using: &random)
        #expect(state?.etag == (stored ? etag : nil))
        #expect(state?.lastModified == (stored ? date : nil))
    }
}

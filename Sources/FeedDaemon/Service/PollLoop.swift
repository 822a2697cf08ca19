import Foundation
import Synchronization

/// Drives polls: keeps up to `concurrency` feeds in flight, starting each as it falls due,
/// until stopped (daemon) or until every feed was polled once (poll-once).
struct PollLoop: Sendable {
    enum Mode: Sendable, Equatable {
        case daemon
        /// Stop after this many polls have finished.
        case once(feeds: Int)
    }

    let coordinator: PollCoordinator
    let poller: FeedPoller
    let concurrency: Int
    let mode: Mode
    let signals: LoopSignals

    private enum Event: Sendable {
        /// The transfer is over: the host slot is free, the local part can start.
        case fetched(Schedule.DuePoll, FeedPoller.Fetched)
        case polled(Schedule.DuePoll, PollReport)
        case tick
    }

    /// Runs until done, handing each finished poll to `finished` (poll-once sums them up).
    func run(finished: (FeedConfig, PollReport) -> Void = { _, _ in }) async {
        var finishedCount = 0
        await withTaskGroup(of: Event.self) { group in
            var inFlight = 0
            var timerArmed = false
            var cancelled = false
            while true {
                signals.heartbeat.store(Int64(Date().timeIntervalSince1970), ordering: .relaxed)
                let stopping = signals.stopRequested.load(ordering: .relaxed) || Task.isCancelled
                if stopping && !cancelled {
                    group.cancelAll()
                    cancelled = true
                }
                if case .once(let total) = mode, finishedCount >= total { break }
                if !stopping {
                    for poll in await coordinator.takeDue(limit: concurrency - inFlight) {
                        inFlight += 1
                        group.addTask { .fetched(poll, await poller.fetch(poll.feed, state: poll.state)) }
                    }
                }
                if stopping && inFlight == 0 { break }
                if !timerArmed && !stopping {
                    // With every poll slot taken, a finishing poll wakes the loop: no need to look sooner.
                    let wait = inFlight < concurrency ? await coordinator.secondsUntilNextDue() ?? 1 : 1
                    let nap = mode == .daemon || inFlight == 0 ? min(max(wait, 0.01), 1) : 1
                    timerArmed = true
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(Int(nap * 1000)))
                        return .tick
                    }
                }
                guard let event = await group.next() else { break }
                switch event {
                case .tick:
                    timerArmed = false
                    if mode == .daemon { try? await coordinator.saveIfNeeded(force: false) }
                case .fetched(let poll, let fetched):
                    await coordinator.releaseHost(poll)
                    group.addTask(priority: .low) { .polled(poll, await poller.process(poll.feed, fetched)) }
                case .polled(let poll, let report):
                    inFlight -= 1
                    await coordinator.complete(poll, report: report)
                    finishedCount += 1
                    finished(poll.feed, report)
                }
            }
            group.cancelAll()
        }
    }
}

/// Flags shared between the poll loop and the services around it.
final class LoopSignals: Sendable {
    /// Set by a graceful shutdown: start nothing new, cancel fetches, let archive writes finish.
    let stopRequested = Atomic<Bool>(false)
    /// Epoch seconds of the loop's last turn, for the watchdog.
    let heartbeat = Atomic<Int64>(0)
}

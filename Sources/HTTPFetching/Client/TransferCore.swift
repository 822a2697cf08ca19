import Synchronization

/// What callers and the transfer thread share: new requests on their way in, cancellations, and the
/// continuation each caller waits on. Whoever takes a continuation out under the lock resumes it,
/// so each caller is resumed exactly once, whether by completion, cancellation or shutdown.
final class TransferCore: Sendable {
    typealias Continuation = CheckedContinuation<Result<FetchResponse, FetchError>, Never>

    /// A request handed to the transfer thread.
    struct Submission: Sendable {
        var id: UInt64
        var request: FetchRequest
        var target: RequestTarget
    }

    /// What the transfer thread takes each time it wakes.
    struct Work: Sendable {
        var submissions: [Submission] = []
        /// Running or waiting transfers whose callers have gone.
        var cancellations: [UInt64] = []
        var isShuttingDown = false
    }

    private enum Caller {
        /// Has an id, has not handed its continuation over yet.
        case registered
        /// Was cancelled before it handed its continuation over.
        case cancelledEarly
        case waiting(Continuation)
    }

    private struct State: ~Copyable {
        var nextID: UInt64 = 0
        var callers: [UInt64: Caller] = [:]
        var work = Work()
    }

    let multi: CurlMulti
    private let state = Mutex(State())

    init(multi: CurlMulti) {
        self.multi = multi
    }

    /// An id for a new request, before its continuation exists, so that a cancellation arriving
    /// first is not lost.
    func register() -> UInt64 {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.callers[id] = .registered
            return id
        }
    }

    /// Hands the request to the transfer thread; `continuation` is resumed when it ends.
    func submit(_ submission: Submission, continuation: Continuation) {
        // (refusal, whether the transfer thread must be woken)
        let (refusal, wake): (FetchError?, Bool) = state.withLock { state in
            if state.work.isShuttingDown {
                state.callers[submission.id] = nil
                return (FetchError(.cancelled, "HTTP client shut down"), false)
            }
            guard case .registered = state.callers[submission.id] else {
                state.callers[submission.id] = nil
                return (FetchError(.cancelled, "cancelled"), false)
            }
            state.callers[submission.id] = .waiting(continuation)
            // Work already waiting was submitted with a wake-up of its own, and the thread takes
            // all of it at once: one wake-up (a write to libcurl's socket pair, a thread switch)
            // per batch rather than per request.
            let wake = state.work.submissions.isEmpty
            state.work.submissions.append(submission)
            return (nil, wake)
        }
        if let refusal {
            continuation.resume(returning: .failure(refusal))
        } else if wake {
            multi.wakeUp()
        }
    }

    /// The caller gave up: it is resumed now, and the transfer thread aborts the transfer.
    func cancel(_ id: UInt64) {
        let continuation: Continuation? = state.withLock { state in
            switch state.callers[id] {
            case .registered:
                state.callers[id] = .cancelledEarly
                return nil
            case .waiting(let continuation):
                state.callers[id] = nil
                state.work.cancellations.append(id)
                return continuation
            case .cancelledEarly, nil:
                return nil
            }
        }
        guard let continuation else { return }
        continuation.resume(returning: .failure(FetchError(.cancelled, "cancelled")))
        multi.wakeUp()
    }

    /// Delivers a transfer's result, unless its caller has already gone.
    func complete(_ id: UInt64, with result: Result<FetchResponse, FetchError>) {
        let continuation: Continuation? = state.withLock { state in
            guard case .waiting(let continuation) = state.callers.removeValue(forKey: id) else { return nil }
            return continuation
        }
        continuation?.resume(returning: result)
    }

    /// Requests handed to the transfer thread whose callers still wait: running or queued.
    var handedOverCount: Int {
        state.withLock { state in
            state.callers.values.reduce(0) { count, caller in
                if case .waiting = caller { count + 1 } else { count }
            }
        }
    }

    /// Everything that arrived since the last call.
    func takeWork() -> Work {
        state.withLock { state in
            let shuttingDown = state.work.isShuttingDown
            defer { state.work = Work(isShuttingDown: shuttingDown) }
            return state.work
        }
    }

    /// Resumes every waiting caller with `.cancelled`, refuses new requests, and tells the transfer
    /// thread to stop.
    func shutDown() {
        let waiting: [Continuation] = state.withLock { state in
            state.work.isShuttingDown = true
            var waiting: [Continuation] = []
            for case .waiting(let continuation) in state.callers.values {
                waiting.append(continuation)
            }
            // Callers not yet submitted learn of the shutdown when they submit.
            state.callers = state.callers.filter { _, caller in
                if case .waiting = caller { false } else { true }
            }
            return waiting
        }
        let error = FetchError(.cancelled, "HTTP client shut down")
        for continuation in waiting {
            continuation.resume(returning: .failure(error))
        }
        multi.wakeUp()
    }
}

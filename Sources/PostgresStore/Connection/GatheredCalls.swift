import Synchronization

/// Calls served in rounds on a few connections: a call that finds a connection idle starts a
/// round at once; calls that arrive while every connection is busy are gathered and served
/// together by the first to come free. A burst of callers costs a round trip or two, not one
/// each, and with two connections one round's commit (a WAL flush) overlaps the next round.
final class GatheredCalls<Request: Sendable>: Sendable {
    private let databases: [DatabaseQueue]
    private let state: Mutex<State>
    /// Serves a round on the connection's queue; must answer every request.
    private let serve: @Sendable ([Request], PGConnection) -> Void
    /// Answers every request of a round that could not get a connection.
    private let fail: @Sendable ([Request], PostgresError) -> Void

    private struct State: ~Copyable {
        var pending: [Request] = []
        var idle: [Int]
        var closed = false
    }

    init(databases: [DatabaseQueue], serve: @escaping @Sendable ([Request], PGConnection) -> Void,
         fail: @escaping @Sendable ([Request], PostgresError) -> Void) {
        self.databases = databases
        state = Mutex(State(idle: Array(databases.indices.reversed())))
        self.serve = serve
        self.fail = fail
    }

    /// Queues `request`; false once closed (the caller answers it).
    func submit(_ request: Request) -> Bool {
        let round = state.withLock { state -> (Int, [Request])?? in
            guard !state.closed else { return nil }
            state.pending.append(request)
            guard let index = state.idle.popLast() else { return .some(nil) }
            defer { state.pending = [] }
            return (index, state.pending)
        }
        guard let round else { return false }
        if let (index, requests) = round { start(requests, on: index) }
        return true
    }

    /// Refuses later calls; those queued are still served.
    func close() {
        state.withLock { $0.closed = true }
    }

    private func start(_ requests: [Request], on index: Int) {
        databases[index].dispatch({ connection throws(PostgresError) -> Void in
            self.serve(requests, connection)
        }, completion: { result in
            // A failure to connect comes here, with the round unanswered.
            if case .failure(let error) = result { self.fail(requests, error) }
            let next = self.state.withLock { state -> [Request]? in
                guard !state.pending.isEmpty else {
                    state.idle.append(index)
                    return nil
                }
                defer { state.pending = [] }
                return state.pending
            }
            if let next { self.start(next, on: index) }
        })
    }
}

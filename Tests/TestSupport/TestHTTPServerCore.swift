import Dispatch
import Foundation
import Glibc
import Synchronization

/// The shared state of a `TestHTTPServer`: routes, what was received, and the threads serving it.
/// The public wrapper owns it, so the server stops when the wrapper goes away even though the
/// serving threads hold the core.
final class TestHTTPServerCore: Sendable {
    let address: String
    let port: Int
    private let listener: Int32
    private let threads = DispatchGroup()
    private let state: Mutex<State>

    private struct State {
        var routes: [String: TestHTTPServer.Handler] = [:]
        var fallback: TestHTTPServer.Handler
        var requests: [TestHTTPRequest] = []
        var openConnections: Set<Int32> = []
        var acceptedConnections = 0
        var peakOpenConnections = 0
        var requestsInFlight = 0
        var peakRequestsInFlight = 0
        var isStopped = false
        var isListening = true
    }

    init(address: String, fallback: @escaping TestHTTPServer.Handler) throws {
        self.address = address
        (listener, port) = try Socket.listenOnLoopback(address)
        state = Mutex(State(fallback: fallback))
        spawn { self.acceptConnections() }
    }

    // MARK: Routes and records

    func setRoute(_ path: String, _ handler: @escaping TestHTTPServer.Handler) {
        state.withLock { $0.routes[path] = handler }
    }

    func handler(for path: String) -> TestHTTPServer.Handler {
        state.withLock { $0.routes[path] ?? $0.fallback }
    }

    var statistics: TestHTTPServer.Statistics {
        state.withLock {
            .init(requests: $0.requests, acceptedConnections: $0.acceptedConnections,
                  peakOpenConnections: $0.peakOpenConnections, peakRequestsInFlight: $0.peakRequestsInFlight)
        }
    }

    /// Records `request` as received and in flight until `requestEnded()`.
    func requestBegan(_ request: TestHTTPRequest) {
        state.withLock {
            $0.requests.append(request)
            $0.requestsInFlight += 1
            $0.peakRequestsInFlight = max($0.peakRequestsInFlight, $0.requestsInFlight)
        }
    }

    func requestEnded() {
        state.withLock { $0.requestsInFlight -= 1 }
    }

    var isStopped: Bool { state.withLock { $0.isStopped } }

    /// Waits `duration` in short steps; false as soon as the server is stopping.
    func pause(_ duration: Duration) -> Bool {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            if isStopped { return false }
            let step = min(deadline - ContinuousClock.now, .milliseconds(20))
            if step > .zero { usleep(UInt32(step.components.attoseconds / 1_000_000_000_000)) }
        }
        return !isStopped
    }

    // MARK: Threads

    /// Closes the listener and every connection, and waits for every serving thread to end.
    func stop() {
        // Under the lock, so that no descriptor is closed (and its number reused) meanwhile.
        state.withLock {
            $0.isStopped = true
            if $0.isListening { Socket.shutDown(listener) }
            for connection in $0.openConnections {
                Socket.shutDown(connection)
            }
        }
        threads.wait()
    }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        threads.enter()
        let thread = Thread {
            body()
            self.threads.leave()
        }
        thread.start()
    }

    private func acceptConnections() {
        while let connection = Socket.accept(on: listener) {
            let accepted: Bool = state.withLock {
                guard !$0.isStopped else { return false }
                $0.openConnections.insert(connection)
                $0.acceptedConnections += 1
                $0.peakOpenConnections = max($0.peakOpenConnections, $0.openConnections.count)
                return true
            }
            guard accepted else {
                close(connection)
                break
            }
            spawn { self.serve(connection) }
        }
        state.withLock {
            $0.isListening = false
            close(listener)
        }
    }

    private func serve(_ connection: Int32) {
        var session = TestHTTPConnection(descriptor: connection, server: self)
        session.serve()
        state.withLock {
            $0.openConnections.remove(connection)
            close(connection)
        }
    }
}

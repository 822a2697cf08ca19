import FlyingFox
import FlyingSocks
import Foundation
import Logging
import Synchronization

/// Serves `GET /metrics` from a `FeedMetrics`, in Prometheus text or OpenMetrics as the request's
/// `Accept` header asks; any other request gets 404. FlyingFox does the HTTP: a small server on
/// one epoll loop whose only cost is paid when metrics are on (see the README on the choice).
public final class MetricsServer: Sendable {
    /// The address the server is listening on.
    public let address: ListenAddress
    private let task: Task<Void, Never>
    private let log: ServerLogging

    private init(address: ListenAddress, task: Task<Void, Never>, log: ServerLogging) {
        self.address = address
        self.task = task
        self.log = log
    }

    /// Starts serving `metrics` on `address` and returns once the socket is listening, or throws
    /// naming the address and the cause (an address in use, say) when it cannot listen.
    public static func start(address: ListenAddress, metrics: FeedMetrics, logger: Logger,
                             timeout: Duration = .seconds(30)) async throws(MetricsServerError) -> MetricsServer {
        let server: HTTPServer
        let log = ServerLogging(logger: logger)
        do {
            if address.isIPv6 {
                server = HTTPServer(address: try sockaddr_in6.inet6(ip6: address.host, port: address.port), logger: log)
            } else {
                server = HTTPServer(address: try sockaddr_in.inet(ip4: address.host, port: address.port), logger: log)
            }
        } catch {
            throw MetricsServerError(address: address, reason: Self.describe(error))
        }
        await server.appendRoute("GET /metrics") { request in
            let format = ExpositionFormat.negotiate(accept: request.headers[HTTPHeader("Accept")])
            let body = await metrics.render(format)
            return HTTPResponse(statusCode: .ok, headers: [.contentType: format.contentType], body: Data(body))
        }
        // FlyingFox reports a failed bind only by `run` throwing: keep the error for the wait below.
        let failure = Mutex<(any Error)?>(nil)
        let task = Task {
            do {
                try await server.run()
            } catch {
                failure.withLock { $0 = error }
            }
        }
        let deadline = ContinuousClock.now + timeout
        while await !server.isListening {
            if let error = failure.withLock({ $0 }) {
                throw MetricsServerError(address: address, reason: Self.describe(error))
            }
            guard ContinuousClock.now < deadline else {
                task.cancel()
                throw MetricsServerError(address: address, reason: "not listening after \(timeout)")
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        log.serving.store(true, ordering: .relaxed)
        return MetricsServer(address: address, task: task, log: log)
    }

    /// Closes the listening socket and every connection, and waits for the server to end.
    public func stop() async {
        log.serving.store(false, ordering: .relaxed)
        task.cancel()
        await task.value
    }

    private static func describe(_ error: any Error) -> String {
        if let socket = error as? SocketError, case .failed(_, let code, _) = socket {
            return String(cString: strerror(code))
        }
        return "\(error)"
    }
}

/// The metrics server could not listen.
public struct MetricsServerError: Error, Sendable, CustomStringConvertible {
    public let address: ListenAddress
    public let reason: String

    public var description: String { "cannot serve metrics on \(address): \(reason)" }
}

/// FlyingFox's log lines into swift-log: a connection opening or closing, a 404 or a client that
/// hung up are debug noise, not errors of the daemon. Its own end is worth a warning only while it
/// should be serving: a failed start is reported by `start`, and shutdown ends it on purpose.
private final class ServerLogging: FlyingSocks.Logging {
    let logger: Logger
    let serving = Atomic<Bool>(false)

    init(logger: Logger) {
        self.logger = logger
    }

    func logDebug(_ debug: @autoclosure () -> String) { logger.trace("metrics server: \(debug())") }
    func logInfo(_ info: @autoclosure () -> String) { logger.trace("metrics server: \(info())") }
    func logWarning(_ warning: @autoclosure () -> String) { logger.debug("metrics server: \(warning())") }
    func logError(_ error: @autoclosure () -> String) { logger.debug("metrics server: \(error())") }
    func logCritical(_ critical: @autoclosure () -> String) {
        if serving.load(ordering: .relaxed) {
            logger.warning("metrics server: \(critical())")
        } else {
            logger.debug("metrics server: \(critical())")
        }
    }
}

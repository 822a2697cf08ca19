/// A small threaded HTTP/1.1 server on 127.0.0.1 (or another loopback address) for tests: real sockets, keep-alive, a thread per
/// connection. It routes by path to handlers, records every request and the peak number of
/// connections and requests in flight, and can misbehave on purpose (see `TestHTTPResponse`).
///
///     let server = try TestHTTPServer(routes: ["/feed.xml": { _ in .ok("<rss/>") }])
///     defer { server.stop() }
///     let url = server.url("/feed.xml")
public final class TestHTTPServer: Sendable {
    /// Answers one request; called on the connection's thread.
    public typealias Handler = @Sendable (TestHTTPRequest) -> TestHTTPResponse

    /// What the server has seen so far.
    public struct Statistics: Sendable {
        /// Every request received, in order of arrival.
        public var requests: [TestHTTPRequest]
        public var acceptedConnections: Int
        /// Most connections open at once.
        public var peakOpenConnections: Int
        /// Most requests received and not yet fully answered at once.
        public var peakRequestsInFlight: Int
    }

    private let core: TestHTTPServerCore

    /// The port the server listens on.
    public var port: Int { core.port }
    /// The loopback address the server listens on: 127.0.0.1 unless another was asked for.
    public var address: String { core.address }

    /// Starts a server on `address` that answers every path with `handler`.
    public init(address: String = "127.0.0.1", handler: @escaping Handler) throws {
        core = try TestHTTPServerCore(address: address, fallback: handler)
    }

    /// Starts a server on `address` that answers the given paths, and any other with 404.
    public convenience init(address: String = "127.0.0.1", routes: [String: Handler] = [:]) throws {
        try self.init(address: address) { _ in .status(404, body: "not found") }
        for (path, handler) in routes {
            route(path, handler)
        }
    }

    deinit {
        core.stop()
    }

    /// Answers requests for `path` (query ignored) with `handler` from now on.
    public func route(_ path: String, _ handler: @escaping Handler) {
        core.setRoute(path, handler)
    }

    /// `http://<address>:<port>` followed by `path`.
    public func url(_ path: String) -> String {
        "http://\(address):\(port)\(path)"
    }

    public var statistics: Statistics { core.statistics }

    /// Every request received so far.
    public var requests: [TestHTTPRequest] { core.statistics.requests }

    /// The requests received for `path`.
    public func requests(to path: String) -> [TestHTTPRequest] {
        requests.filter { $0.path == path }
    }

    /// Closes the listener and every connection, cuts short pauses and endless bodies, and waits
    /// for every thread to end. Safe to call more than once.
    public func stop() {
        core.stop()
    }
}

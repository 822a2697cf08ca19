import Glibc
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Serves `GET /metrics` from a `FeedMetrics`, in Prometheus text or OpenMetrics as the request's
/// `Accept` header asks; any other path gets 404. SwiftNIO does the HTTP (its HTTP/1 parser and
/// server pipeline) on one event-loop thread of its own, which exists only while metrics are on.
public final class MetricsServer: Sendable {
    /// The address the server is listening on.
    public let address: ListenAddress
    private let group: MultiThreadedEventLoopGroup
    private let listener: any Channel
    private let rendering: RenderCount

    private init(address: ListenAddress, group: MultiThreadedEventLoopGroup, listener: any Channel, rendering: RenderCount) {
        self.address = address
        self.group = group
        self.listener = listener
        self.rendering = rendering
    }

    /// Starts serving `metrics` on `address` and returns once the socket is listening, or throws
    /// naming the address and the cause (an address in use, say) when it cannot listen.
    public static func start(address: ListenAddress, metrics: FeedMetrics,
                             logger: Logger) async throws(MetricsServerError) -> MetricsServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let rendering = RenderCount()
        do {
            let listener = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 32)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(
                            MetricsRequestHandler(metrics: metrics, rendering: rendering, logger: logger))
                    }
                }
                .bind(to: try SocketAddress(ipAddress: address.host, port: Int(address.port)))
                .get()
            return MetricsServer(address: address, group: group, listener: listener, rendering: rendering)
        } catch {
            try? await group.shutdownGracefully()
            throw MetricsServerError(address: address, reason: Self.describe(error))
        }
    }

    /// Stops listening, lets a scrape being rendered finish (a few seconds at most), then closes
    /// every connection and ends the event-loop thread.
    public func stop() async {
        try? await listener.close()
        let deadline = ContinuousClock.now + .seconds(5)
        while rendering.value > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        try? await group.shutdownGracefully()
    }

    private static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return "\(error)"
    }
}

/// The metrics server could not listen.
public struct MetricsServerError: Error, Sendable, CustomStringConvertible {
    /// The address asked for.
    public let address: ListenAddress
    /// Why it could not be listened on (the system's words, such as "Address already in use").
    public let reason: String

    /// One line for the operator.
    public var description: String { "cannot serve metrics on \(address): \(reason)" }
}

/// Scrapes being rendered right now: `stop` waits for them before the event loop goes away.
private final class RenderCount: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .acquiring) }
    func begin() { count.add(1, ordering: .relaxed) }
    func end() { count.subtract(1, ordering: .releasing) }
}

/// Answers one connection's requests. NIO's server pipeline hands them over one at a time (a
/// pipelined request waits until the response before it is complete), on the event loop.
private final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: FeedMetrics
    private let rendering: RenderCount
    private let logger: Logger
    private var request: HTTPRequestHead?

    init(metrics: FeedMetrics, rendering: RenderCount, logger: Logger) {
        self.metrics = metrics
        self.rendering = rendering
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            let path = head.uri.prefix { $0 != "?" }
            guard path == "/metrics" else {
                return respond(.notFound, "text/plain; charset=utf-8", Array("not found\n".utf8), to: head, context: context)
            }
            guard head.method == .GET else {
                return respond(.methodNotAllowed, "text/plain; charset=utf-8", Array("only GET\n".utf8), to: head, context: context)
            }
            // The state gauges are read from actors, so the body is made in a task and written
            // back on the event loop.
            let format = ExpositionFormat.negotiate(accept: head.headers.first(name: "Accept"))
            let (metrics, rendering) = (metrics, rendering)
            rendering.begin()
            let body = context.eventLoop.makePromise(of: [UInt8].self)
            body.completeWithTask { await metrics.render(format) }
            // Counted down here, on the loop, so that `stop` cannot end the loop under this write.
            body.futureResult.assumeIsolated().whenComplete { result in
                rendering.end()
                if case .success(let bytes) = result {
                    self.respond(.ok, format.contentType, bytes, to: head, context: context)
                }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A client that hangs up or sends garbage is its own business.
        logger.debug("metrics connection closed: \(error)")
        context.close(promise: nil)
    }

    private func respond(_ status: HTTPResponseStatus, _ contentType: String, _ body: [UInt8], to head: HTTPRequestHead,
                         context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !head.isKeepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}

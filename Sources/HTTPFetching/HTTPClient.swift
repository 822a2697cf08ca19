/// An HTTP client over libcurl's multi interface: one dedicated thread drives every transfer.
///
/// `fetch` queues a request and suspends until its transfer ends. At most
/// `options.maxConcurrentTransfers` run at once, and at most `options.maxTransfersPerHost` to one
/// host:port; the rest wait in arrival order. Connections are kept and reused across transfers.
/// Call `shutdown()` when done (deinit does it too).
public final class HTTPClient: Sendable {
    /// The limits every transfer of this client follows.
    public let options: FetchOptions
    private let core: TransferCore
    private let thread: JoinableThread
    /// Asked before each transfer (not for `file:`), when given.
    private let gate: (any TransferGate)?

    /// Starts the transfer thread. Throws when libcurl cannot be set up. `gate`, when given,
    /// must grant a turn at a host before each transfer to it starts.
    public init(options: FetchOptions, gate: (any TransferGate)? = nil) throws(FetchError) {
        self.options = options
        self.gate = gate
        let multi = try CurlMulti(maxCachedConnections: max(16, options.maxConcurrentTransfers * 2))
        let core = TransferCore(multi: multi)
        let loop = TransferLoop(core: core, options: options)
        self.core = core
        thread = try JoinableThread { loop.run() }
    }

    deinit {
        shutdown()
    }

    /// Performs one GET, conditional when the request carries validators.
    ///
    /// Every status (304, 404, 503, ...) comes back as a response; an error means there was no
    /// usable response, and its message names the cause. Cancelling the calling task aborts the
    /// transfer and throws `.cancelled`.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        let target = try RequestTarget(request)
        guard let gate, !target.isFile else { return try await transfer(request, target: target) }
        try await gate.enter(host: target.hostKey)
        let result: Result<FetchResponse, FetchError>
        do {
            result = .success(try await transfer(request, target: target))
        } catch {
            result = .failure(error)
        }
        await gate.leave(host: target.hostKey)
        return try result.get()
    }

    private func transfer(_ request: FetchRequest, target: RequestTarget) async throws(FetchError) -> FetchResponse {
        let core = core
        let id = core.register()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                core.submit(.init(id: id, request: request, target: target), continuation: continuation)
            }
        } onCancel: {
            core.cancel(id)
        }
        return try result.get()
    }

    /// Fetches handed to the transfer thread and not finished: running, or waiting for a slot.
    public var fetchesInProgress: Int {
        core.handedOverCount
    }

    /// Aborts every transfer in flight or waiting (each caller gets `.cancelled`), refuses new ones,
    /// and waits for the transfer thread to end. Calling it again does nothing.
    public func shutdown() {
        core.shutDown()
        thread.join()
    }
}

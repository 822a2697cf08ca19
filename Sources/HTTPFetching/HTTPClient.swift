/// An HTTP client over libcurl's multi interface: one thread drives every transfer.
///
/// Skeleton: the libcurl implementation lands with the HTTPFetching module.
public final class HTTPClient: Sendable {
    public let options: FetchOptions

    public init(options: FetchOptions) throws(FetchError) {
        self.options = options
    }

    /// Performs one GET; non-2xx statuses come back as responses.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        throw FetchError(.transfer, "HTTP client not built yet")
    }

    /// Aborts transfers in flight and stops the transfer thread.
    public func shutdown() {}
}

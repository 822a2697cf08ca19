import AddressPolicy
import Foundation
import HTTPFetching
import Testing
import TestSupport

/// Options for tests: short timeouts, so a test that goes wrong fails soon rather than hanging.
func testOptions(
    maxConcurrentTransfers: Int = 8, maxTransfersPerHost: Int = 4, connectTimeoutSeconds: Int = 5,
    totalTimeoutSeconds: Int = 20, lowSpeedBytesPerSecond: Int = 1, lowSpeedSeconds: Int = 20,
    maxBodyBytes: Int = 1 << 20, maxRedirects: Int = 5, userAgent: String = "feedd-test/1.0",
    addressPolicy: AddressPolicy = AddressPolicy()
) -> FetchOptions {
    FetchOptions(
        maxConcurrentTransfers: maxConcurrentTransfers, maxTransfersPerHost: maxTransfersPerHost,
        connectTimeoutSeconds: connectTimeoutSeconds, totalTimeoutSeconds: totalTimeoutSeconds,
        lowSpeedBytesPerSecond: lowSpeedBytesPerSecond, lowSpeedSeconds: lowSpeedSeconds,
        maxBodyBytes: maxBodyBytes, maxRedirects: maxRedirects, userAgent: userAgent, addressPolicy: addressPolicy)
}

/// Runs `body` with a client and a server, shutting both down afterwards whatever happens.
func withClient(
    _ options: FetchOptions = testOptions(), routes: [String: TestHTTPServer.Handler] = [:],
    _ body: (HTTPClient, TestHTTPServer) async throws -> Void
) async throws {
    let server = try TestHTTPServer(routes: routes)
    let client = try HTTPClient(options: options)
    defer {
        client.shutdown()
        server.stop()
    }
    try await body(client, server)
}

/// The error `fetch` throws for `url`, or a recorded failure if it returned a response.
func fetchError(
    _ client: HTTPClient, _ url: String, trust: FetchTrust = .configured, sourceLocation: SourceLocation = #_sourceLocation
) async -> FetchError? {
    do {
        let response = try await client.fetch(FetchRequest(url: url, trust: trust))
        Issue.record("expected an error, got status \(response.status)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Waits until `condition` holds, checking often; records a failure after `timeout`.
func waitUntil(
    timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// A feed-like body of about `size` bytes.
func sampleBody(size: Int) -> [UInt8] {
    let line = Array("<item><title>feedd test item</title><link>http://example.com/a</link></item>\n".utf8)
    var body: [UInt8] = []
    body.reserveCapacity(size)
    while body.count < size { body += line }
    return Array(body.prefix(size))
}

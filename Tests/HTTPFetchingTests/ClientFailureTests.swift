import Foundation
import Glibc
import HTTPFetching
import Testing
import TestSupport

/// Hostile and broken servers: each ends in one clear error, in bounded time and memory.
@Suite struct ClientFailureTests {
    @Test func bodyOverTheCapIsTooLarge() async throws {
        try await withClient(testOptions(maxBodyBytes: 100_000), routes: [
            "/big": { _ in .ok(sampleBody(size: 300_000)) }
        ]) { client, server in
            let error = await fetchError(client, server.url("/big"))
            #expect(error?.kind == .tooLarge)
            #expect(error?.message == "body larger than 97.7 KiB")
        }
    }

    @Test func bodyExactlyAtTheCapIsAccepted() async throws {
        try await withClient(testOptions(maxBodyBytes: 100_000), routes: [
            "/exact": { _ in .ok(sampleBody(size: 100_000)) }
        ]) { client, server in
            let response = try await client.fetch(FetchRequest(url: server.url("/exact"), trust: .configured))
            #expect(response.body.count == 100_000)
        }
    }

    @Test func gzipBombIsTooLargeAndMemoryStaysBounded() async throws {
        // 1 GiB inflated (4.5 MB on the wire): far above what the other tests, running in the same
        // process at the same time, add to its peak (up to 90 MB seen), so the bound below tells
        // a bounded inflate from a whole one whatever runs beside it.
        let bomb = try TestCompression.gzippedZeros(count: 1 << 30)
        let peakBefore = peakResidentBytes()
        try await withClient(testOptions(maxBodyBytes: 1 << 20), routes: [
            "/bomb": { _ in .ok(bomb, headers: [("Content-Encoding", "gzip")]) }
        ]) { client, server in
            let error = await fetchError(client, server.url("/bomb"))
            #expect(error?.kind == .tooLarge)
            #expect(error?.message == "body larger than 1 MiB")
        }
        // Inflating it all would have taken 1 GiB.
        #expect(peakResidentBytes() - peakBefore < 256 << 20, "grew \((peakResidentBytes() - peakBefore) >> 20) MB")
    }

    @Test func endlessBodyIsTooLarge() async throws {
        try await withClient(testOptions(maxBodyBytes: 2 << 20), routes: [
            "/endless": { _ in .endless() }
        ]) { client, server in
            #expect(await fetchError(client, server.url("/endless"))?.kind == .tooLarge)
        }
    }

    @Test func trickleBelowTheLowSpeedLimitTimesOut() async throws {
        let options = testOptions(totalTimeoutSeconds: 30, lowSpeedBytesPerSecond: 100, lowSpeedSeconds: 1)
        try await withClient(options, routes: [
            "/trickle": { _ in .trickle(sampleBody(size: 100), piece: 1, every: .seconds(1)) }
        ]) { client, server in
            let error = await fetchError(client, server.url("/trickle"))
            #expect(error?.kind == .timeout)
            #expect(error?.message == "too slow: under 100 bytes/s for 1 s")
        }
    }

    @Test func slowServerHitsTheTotalTimeout() async throws {
        try await withClient(testOptions(totalTimeoutSeconds: 1), routes: [
            "/slow": { _ in TestHTTPResponse.ok("<rss/>").delayed(by: .seconds(15)) }
        ]) { client, server in
            let error = await fetchError(client, server.url("/slow"))
            #expect(error?.kind == .timeout)
            #expect(error?.message == "timed out after 1 s")
        }
    }

    @Test func lyingContentLengthIsAnErrorNotAHang() async throws {
        try await withClient(routes: [
            "/liar": { _ in .lyingLength(Array("<rss>short</rss>".utf8), claimed: 10_000) }
        ]) { client, server in
            let error = await fetchError(client, server.url("/liar"))
            #expect(error?.kind == .transfer)
            #expect(error?.message.contains("remaining") == true)
        }
    }

    @Test func connectionClosedWithoutResponseIsAnError() async throws {
        try await withClient(routes: ["/close": { _ in .abruptClose }]) { client, server in
            #expect(await fetchError(client, server.url("/close"))?.kind == .transfer)
        }
    }

    @Test func refusedConnectionIsConnect() async throws {
        let client = try HTTPClient(options: testOptions())
        defer { client.shutdown() }
        let error = await fetchError(client, "http://127.0.0.1:1/feed.xml")
        #expect(error?.kind == .connect)
        #expect(error?.message == "connection refused (127.0.0.1:1)")
    }

    @Test func unresolvableHostIsDNS() async throws {
        let client = try HTTPClient(options: testOptions(connectTimeoutSeconds: 3))
        defer { client.shutdown() }
        let error = await fetchError(client, "http://nonexistent.invalid/feed.xml")
        #expect(error?.kind == .dns)
        #expect(error?.message.contains("nonexistent.invalid") == true)
    }
}

/// The process's peak resident set so far.
private func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

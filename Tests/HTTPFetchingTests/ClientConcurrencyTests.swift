import Foundation
import Glibc
import HTTPFetching
import Synchronization
import Testing
import TestSupport

/// Limits, cancellation and shutdown of the client's one transfer thread.
@Suite struct ClientConcurrencyTests {
    @Test func perHostLimitHoldsUnderLoad() async throws {
        try await withClient(testOptions(maxConcurrentTransfers: 16, maxTransfersPerHost: 3), routes: [
            "/feed.xml": { _ in TestHTTPResponse.ok(sampleBody(size: 2000)).delayed(by: .milliseconds(50)) }
        ]) { client, server in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    group.addTask { try await client.fetch(FetchRequest(url: server.url("/feed.xml?n=\(index)"), trust: .configured)).status }
                }
                for try await status in group {
                    #expect(status == 200)
                }
            }
            #expect(server.requests.count == 20)
            #expect(server.statistics.peakRequestsInFlight <= 3)
            #expect(server.statistics.peakOpenConnections <= 3)
        }
    }

    @Test func globalLimitHoldsAcrossHosts() async throws {
        let requests = 24
        let inFlight = Mutex((now: 0, peak: 0, arrived: 0))
        // Each request is held until a second one is in flight too (or all have arrived), so the
        // test sees the limit reached, whatever the machine's load, and never exceeded.
        let handler: TestHTTPServer.Handler = { _ in
            inFlight.withLock { $0.now += 1; $0.arrived += 1; $0.peak = max($0.peak, $0.now) }
            _ = Wait.until(timeout: .seconds(20)) { inFlight.withLock { $0.now >= 2 || $0.arrived == requests } }
            inFlight.withLock { $0.now -= 1 }
            return .ok("<rss/>")
        }
        let servers = try (0..<3).map { _ in try TestHTTPServer(handler: handler) }
        let client = try HTTPClient(options: testOptions(maxConcurrentTransfers: 2, maxTransfersPerHost: 2))
        defer {
            client.shutdown()
            servers.forEach { $0.stop() }
        }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<requests {
                let url = servers[index % servers.count].url("/feed.xml")
                group.addTask { try await client.fetch(FetchRequest(url: url, trust: .configured)).status }
            }
            for try await status in group {
                #expect(status == 200)
            }
        }
        #expect(inFlight.withLock { $0.peak } == 2)
    }

    @Test func cancellingARunningFetchAbortsIt() async throws {
        try await withClient(routes: [
            "/slow": { _ in TestHTTPResponse.ok("<rss/>").delayed(by: .seconds(15)) }
        ]) { client, server in
            let task = Task { try await client.fetch(FetchRequest(url: server.url("/slow"), trust: .configured)) }
            try await waitUntil { server.requests.count == 1 }
            task.cancel()
            let result = await task.result
            #expect(throws: FetchError(.cancelled, "cancelled")) { try result.get() }
            // The client still works afterwards.
            server.route("/fast") { _ in .ok("<rss/>") }
            let after = try await client.fetch(FetchRequest(url: server.url("/fast"), trust: .configured))
            #expect(after.status == 200)
        }
    }

    @Test func cancellingAWaitingFetchNeverSendsIt() async throws {
        try await withClient(testOptions(maxConcurrentTransfers: 1, maxTransfersPerHost: 1), routes: [
            // The one slot stays taken until the test lets go of it, however slow the machine.
            "/slow": { _ in TestHTTPResponse.ok("<rss/>").delayed(by: .seconds(120)) },
            "/queued": { _ in .ok("<rss/>") },
        ]) { client, server in
            let running = Task { try await client.fetch(FetchRequest(url: server.url("/slow"), trust: .configured)) }
            try await waitUntil { server.requests.count == 1 }
            let waiting = Task { try await client.fetch(FetchRequest(url: server.url("/queued"), trust: .configured)) }
            // Cancelled once it waits in line for the slot, not before it got there.
            try await waitUntil { client.fetchesInProgress == 2 }
            waiting.cancel()
            await #expect(throws: FetchError(.cancelled, "cancelled")) { try await waiting.value }
            running.cancel()
            await #expect(throws: FetchError(.cancelled, "cancelled")) { try await running.value }
            // Both slots, the one in line and the running one, are free again.
            server.route("/after") { _ in .ok("<rss/>") }
            let after = try await client.fetch(FetchRequest(url: server.url("/after"), trust: .configured))
            #expect(after.status == 200)
            #expect(server.requests(to: "/queued").isEmpty)
        }
    }

    @Test func fetchInAnAlreadyCancelledTaskIsCancelled() async throws {
        try await withClient(routes: ["/feed.xml": { _ in .ok("<rss/>") }]) { client, server in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
            }
            await #expect(throws: FetchError(.cancelled, "cancelled")) { try await task.value }
        }
    }

    @Test func shutdownCancelsEveryTransferAndRefusesNewOnes() async throws {
        let server = try TestHTTPServer(routes: [
            "/slow": { _ in TestHTTPResponse.ok("<rss/>").delayed(by: .seconds(15)) }
        ])
        defer { server.stop() }
        let client = try HTTPClient(options: testOptions(maxConcurrentTransfers: 8, maxTransfersPerHost: 2))
        let tasks = (0..<5).map { index in
            Task { try await client.fetch(FetchRequest(url: server.url("/slow?n=\(index)"), trust: .configured)) }
        }
        try await waitUntil { server.requests.count == 2 }
        client.shutdown()
        for task in tasks {
            let result = await task.result
            #expect(throws: FetchError(.cancelled, "HTTP client shut down")) { try result.get() }
        }
        await #expect(throws: FetchError(.cancelled, "HTTP client shut down")) {
            try await client.fetch(FetchRequest(url: server.url("/slow"), trust: .configured))
        }
        client.shutdown()  // a second call is harmless
    }

    @Test func clientsComeAndGoWithoutLeakingThreads() async throws {
        try await withClient(routes: ["/feed.xml": { _ in .ok("<rss/>") }]) { _, server in
            let threadsBefore = processThreadCount()
            for _ in 0..<200 {
                let client = try HTTPClient(options: testOptions())
                let response = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
                #expect(response.status == 200)
                // No shutdown: deinit must stop and join the thread.
            }
            #expect(server.requests.count == 200)
            // 200 leaked transfer threads would show; other tests' threads come and go by far fewer.
            #expect(processThreadCount() - threadsBefore < 100)
        }
    }
}

/// Threads of this process now, from /proc.
private func processThreadCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
}

import FeedMetrics
import Foundation
import Logging
import Testing
import TestSupport

@Suite struct MetricsServerTests {
    /// A server on a free loopback port (found again if another process takes it first).
    static func startServer(_ metrics: FeedMetrics) async throws -> MetricsServer {
        var attempts = 0
        while true {
            let address = ListenAddress(host: "127.0.0.1", port: UInt16(try FreePort.find()))
            do {
                return try await MetricsServer.start(address: address, metrics: metrics, logger: Logger(label: "test"))
            } catch {
                attempts += 1
                if attempts >= 5 { throw error }
            }
        }
    }

    @Test func servesBothFormatsAndNothingElse() async throws {
        let metrics = FeedMetrics(buildLabels: [("version", "1")])
        metrics.recordPoll(.fetched, fetchSeconds: 0.1, bytes: 10, archived: 2, duplicates: 0, finishedAt: 1)
        let server = try await Self.startServer(metrics)
        let base = "http://\(server.address)"

        let text = try HTTPGet.fetch("\(base)/metrics")
        #expect(text.status == 200)
        #expect(text.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(text.body.contains("\nfeedd_items_archived_total 2\n"), "\(text.body)")
        #expect(!text.body.contains("# EOF"))

        let open = try HTTPGet.fetch("\(base)/metrics", headers: ["Accept: application/openmetrics-text;version=1.0.0"])
        #expect(open.status == 200)
        #expect(open.contentType == "application/openmetrics-text; version=1.0.0; charset=utf-8")
        #expect(open.body.hasSuffix("# EOF\n"))
        #expect(open.body.contains("# TYPE feedd_items_archived counter\n"))

        #expect(try HTTPGet.fetch("\(base)/").status == 404)
        #expect(try HTTPGet.fetch("\(base)/metrics/x").status == 404)
        #expect(try HTTPGet.fetch("\(base)/metrics?x=1").status == 200)
        #expect(try HTTPGet.fetch("\(base)/metrics", method: "POST").status == 405)
        await server.stop()
        #expect(throws: TestSupportError.self) { try HTTPGet.fetch("\(base)/metrics", timeout: 5) }
    }

    @Test func aTakenPortIsAnErrorNamingTheAddress() async throws {
        let metrics = FeedMetrics(buildLabels: [])
        let first = try await Self.startServer(metrics)
        defer { Task { await first.stop() } }
        do {
            let second = try await MetricsServer.start(address: first.address, metrics: metrics, logger: Logger(label: "test"))
            await second.stop()
            Issue.record("a second server listened on \(first.address)")
        } catch {
            #expect(error.description == "cannot serve metrics on \(first.address): Address already in use")
        }
    }

    @Test func stopsWhileAScraperHoldsAnIdleConnection() async throws {
        let server = try await Self.startServer(FeedMetrics(buildLabels: []))
        // An open keep-alive connection with no request in it, as Prometheus leaves between scrapes.
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = server.address.port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        let stopped = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await server.stop()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(120))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        #expect(stopped, "stop() returned while a connection was open")
    }
}

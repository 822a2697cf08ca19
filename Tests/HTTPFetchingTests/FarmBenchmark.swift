import Foundation
import Glibc
import HTTPFetching
import Testing

/// Fetches every feed of a farm served by nginx, cold and then with validators (all 304), with
/// two per-host limits, and prints wall and CPU time. It measures and checks what came back; it
/// asserts no speed. Runs only when FEEDD_BENCH_URLS names the farm's urls.txt:
///
///     farm=$(mktemp -d) && chmod 755 "$farm"
///     python3 scripts/farm/make_farm.py --out "$farm" --feeds 1000 --port 18081
///     scripts/farm/serve.sh start "$farm" 18081
///     FEEDD_BENCH_URLS=$farm/urls.txt swift test -c release --filter FarmBenchmark
///     scripts/farm/serve.sh stop "$farm"
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["FEEDD_BENCH_URLS"] != nil,
                             "a benchmark: runs only when FEEDD_BENCH_URLS names a farm's urls.txt"))
struct FarmBenchmark {
    @Test(arguments: [2, 8])
    func fetchWholeFarmColdThenWarm(maxTransfersPerHost: Int) async throws {
        let listPath = try #require(ProcessInfo.processInfo.environment["FEEDD_BENCH_URLS"])
        let urls = try String(contentsOfFile: listPath, encoding: .utf8).split(separator: "\n").map(String.init)
        let rounds = Int(ProcessInfo.processInfo.environment["FEEDD_BENCH_ROUNDS"] ?? "") ?? 3
        let client = try HTTPClient(options: FetchOptions(maxConcurrentTransfers: 32, maxTransfersPerHost: maxTransfersPerHost))
        defer { client.shutdown() }

        for round in 1...rounds {
            let cold = try await measure { try await fetchAll(client, urls.map { FetchRequest(url: $0, trust: .configured) }) }
            #expect(cold.result.allSatisfy { $0.status == 200 && !$0.body.isEmpty })
            let validated = zip(urls, cold.result).map { url, response in
                FetchRequest(url: url, trust: .configured, etag: response.etag, lastModified: response.lastModified)
            }
            let warm = try await measure { try await fetchAll(client, validated) }
            #expect(warm.result.allSatisfy { $0.status == 304 })

            let body = cold.result.reduce(0) { $0 + $1.body.count }
            let wire = cold.result.reduce(0) { $0 + $1.wireBytes }
            print("""
                farm \(urls.count) feeds, per-host \(maxTransfersPerHost), round \(round): \
                cold \(cold.summary) (\(body / 1_000_000) MB decoded, \(wire / 1_000_000) MB on the wire); \
                warm \(warm.summary) (\(warm.result.filter { $0.status == 304 }.count) × 304)
                """)
        }
    }

    private func fetchAll(_ client: HTTPClient, _ requests: [FetchRequest]) async throws -> [FetchResponse] {
        try await withThrowingTaskGroup(of: (Int, FetchResponse).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, try await client.fetch(request)) }
            }
            var responses = [FetchResponse?](repeating: nil, count: requests.count)
            for try await (index, response) in group {
                responses[index] = response
            }
            return responses.compactMap { $0 }
        }
    }

    private struct Measurement<Result> {
        var result: Result
        var wallSeconds: Double
        var cpuSeconds: Double
        var summary: String { String(format: "wall %.3f s, CPU %.3f s", wallSeconds, cpuSeconds) }
    }

    private func measure<Result>(_ body: () async throws -> Result) async throws -> Measurement<Result> {
        let cpuBefore = cpuSeconds()
        let start = ContinuousClock.now
        let result = try await body()
        let wall = ContinuousClock.now - start
        return Measurement(
            result: result, wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18,
            cpuSeconds: cpuSeconds() - cpuBefore)
    }

    /// User and system CPU of the whole process, all threads.
    private func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

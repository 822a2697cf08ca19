@testable import FeedDaemon
import FeedMetrics
import Logging
import Testing
import TestSupport

/// Metrics off must cost nothing: without `[metrics] listen` (and for poll-once) no `FeedMetrics`
/// exists, so the pipeline's only trace of the feature is a nil check per poll.
@Suite struct MetricsWiringTests {
    private func runtime(_ config: DaemonConfig, singlePass: Bool) async throws -> (FeedMetrics?, FeedMetrics?) {
        let runtime = try await FeedRuntime(config: config, logger: Logger(label: "test"), singlePass: singlePass)
        defer { runtime.shutdown() }
        await runtime.archive.close()
        return (runtime.metrics, runtime.poller.metrics)
    }

    @Test func metricsExistOnlyForADaemonWithListenSet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var config = DaemonConfig(configFile: "\(directory.path)/feedd.toml", stateDirectory: "\(directory.path)/state",
                                  ingestLogPath: "\(directory.path)/ingest.log", feedsDirectory: "\(directory.path)/feeds.d")
        let (off, offPoller) = try await runtime(config, singlePass: false)
        #expect(off == nil && offPoller == nil)

        config.metrics.listen = ListenAddress(host: "127.0.0.1", port: 9464)
        let (on, onPoller) = try await runtime(config, singlePass: false)
        #expect(on != nil && onPoller === on, "the poller reports to the runtime's metrics")
        let (once, oncePoller) = try await runtime(config, singlePass: true)
        #expect(once == nil && oncePoller == nil, "poll-once serves no metrics")
    }
}

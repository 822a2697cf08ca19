import FeedArchive
import FeedMetrics
import FeedParsing
import FeedURL
import Foundation
import HTTPFetching
import Logging

/// The parts a poll needs, opened from one configuration: archive (with its lock), ingest log,
/// HTTP client, poller, the coordinator that owns the schedule and, when on, the metrics.
final class FeedRuntime: Sendable {
    let config: DaemonConfig
    let archive: Archive
    let log: IngestLog
    let client: HTTPClient
    let poller: FeedPoller
    let coordinator: PollCoordinator
    /// Nil unless `[metrics] listen` is set (and never for a single pass).
    let metrics: FeedMetrics?

    /// `singlePass` for poll-once: every feed polled once, nothing rescheduled.
    init(config: DaemonConfig, logger: Logger, singlePass: Bool) async throws {
        self.config = config
        try FileManager.default.createDirectory(atPath: config.stateDirectory, withIntermediateDirectories: true)
        let log = try IngestLog(path: config.ingestLogPath)
        self.log = log
        let options = ArchiveOptions(rotateMonthly: config.archive.rotateMonthly,
                                     maxSegmentBytes: config.archive.maxSegmentBytes > 0 ? Int64(config.archive.maxSegmentBytes) : nil)
        // Repairs at open (a torn last line, a rebuilt index) are the operator's business: both logs.
        archive = try Archive.open(stateDirectory: config.stateDirectory, options: options) { message in
            logger.notice("\(message)")
            log.write(.daemon(message: message))
        }
        client = try HTTPClient(options: config.fetch)
        let tracking = TrackingParameters(
            names: TrackingParameters.default.names.union(config.extraTrackingParameters.map { $0.lowercased() }),
            prefixes: TrackingParameters.default.prefixes)
        let metrics = singlePass || config.metrics.listen == nil ? nil : FeedMetrics(buildLabels: [("version", FeeddVersion.string)])
        self.metrics = metrics
        poller = FeedPoller(client: client, archive: archive, log: log,
                            canonicalizer: URLCanonicalizer(trackingParameters: tracking), metrics: metrics)
        let store = FeedStateStore(stateDirectory: config.stateDirectory)
        let states = store.load { problem in logger.warning("\(problem)") }
        let schedule = Schedule(policy: config.poll, perHostLimit: config.fetch.maxTransfersPerHost, states: states)
        let coordinator = PollCoordinator(schedule: schedule, store: store, log: log, reschedules: !singlePass)
        self.coordinator = coordinator
        metrics?.setStateSource { [archive] in
            await StateSnapshot(feeds: coordinator.feedCounts(),
                                archiveBytes: (try? ArchiveReader(stateDirectory: archive.stateDirectory).byteCount()) ?? 0,
                                archiveItems: archive.itemCount)
        }
    }

    func shutdown() {
        client.shutdown()
    }
}

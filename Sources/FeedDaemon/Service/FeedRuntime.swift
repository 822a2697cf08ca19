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
    init(config: DaemonConfig, logger: Logger, singlePass: Bool, notifier: SystemdNotifier = SystemdNotifier()) async throws {
        self.config = config
        // Before anything is opened there: a state directory others could tamper with is refused.
        let store = FeedStateStore(stateDirectory: config.stateDirectory)
        let inside = config.ingestLogPath.hasPrefix(config.stateDirectory + "/")
        try StateDirectory.prepare(config.stateDirectory, files: [store.path] + (inside ? [config.ingestLogPath] : []))
        let log = try IngestLog(path: config.ingestLogPath)
        self.log = log
        let options = ArchiveOptions(rotateMonthly: config.archive.rotateMonthly,
                                     maxSegmentBytes: config.archive.maxSegmentBytes > 0 ? Int64(config.archive.maxSegmentBytes) : nil)
        // Repairs at open (a torn last line, a rebuilt index) are the operator's business: both logs.
        // A rebuild of the seen-index reads the whole archive: it says how far it got, and keeps
        // systemd from giving up on the start meanwhile.
        archive = try Archive.open(stateDirectory: config.stateDirectory, options: options, log: { message in
            logger.notice("\(message)")
            log.write(.daemon(message: message))
        }, progress: { progress in
            let line = Self.describe(progress)
            logger.notice("\(line)")
            log.write(.daemon(message: line))
            notifier.extendTimeout(seconds: 30, status: line)
        })
        client = try HTTPClient(options: config.fetch)
        let tracking = TrackingParameters(
            names: TrackingParameters.default.names.union(config.extraTrackingParameters.map { $0.lowercased() }),
            prefixes: TrackingParameters.default.prefixes)
        let metrics = singlePass || config.metrics.listen == nil ? nil : FeedMetrics(buildLabels: [("version", FeeddVersion.string)])
        self.metrics = metrics
        poller = FeedPoller(client: client, archive: archive, log: log,
                            canonicalizer: URLCanonicalizer(trackingParameters: tracking), articles: config.article,
                            metrics: metrics)
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

    static func describe(_ progress: RebuildProgress) -> String {
        let percent = progress.totalBytes > 0 ? Int(progress.bytesRead * 100 / progress.totalBytes) : 100
        return "archive: rebuilding the seen-index: \(percent) % (\(progress.lines) lines, "
            + "\(progress.bytesRead >> 20) of \(progress.totalBytes >> 20) MiB)"
    }

    func shutdown() {
        client.shutdown()
    }
}

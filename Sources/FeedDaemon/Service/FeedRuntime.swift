import FeedArchive
import FeedParsing
import FeedURL
import Foundation
import HTTPFetching
import Logging

/// The parts a poll needs, opened from one configuration: archive (with its lock), ingest log,
/// HTTP client, poller and the coordinator that owns the schedule.
final class FeedRuntime: Sendable {
    let config: DaemonConfig
    let archive: Archive
    let log: IngestLog
    let client: HTTPClient
    let poller: FeedPoller
    let coordinator: PollCoordinator

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
        poller = FeedPoller(client: client, archive: archive, log: log,
                            canonicalizer: URLCanonicalizer(trackingParameters: tracking))
        // Repairs of the state files (a torn journal tail) are reported like the archive's.
        let store = FeedStateJournal(stateDirectory: config.stateDirectory)
        let loaded = try await store.loadAll()
        for problem in loaded.problems {
            logger.warning("\(problem)")
            log.write(.daemon(message: "feed state: \(problem)"))
        }
        let schedule = Schedule(policy: config.poll, perHostLimit: config.fetch.maxTransfersPerHost, saved: loaded.states)
        coordinator = PollCoordinator(schedule: schedule, store: store, log: log, reschedules: !singlePass)
    }

    func shutdown() {
        client.shutdown()
    }
}

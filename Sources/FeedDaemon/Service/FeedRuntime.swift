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
    init(config: DaemonConfig, logger: Logger, singlePass: Bool, notifier: SystemdNotifier = SystemdNotifier()) async throws {
        self.config = config
        // Before anything is opened there: a state directory others could tamper with is refused.
        let store = FeedStateJournal(stateDirectory: config.stateDirectory)
        let inside = config.ingestLogPath.hasPrefix(config.stateDirectory + "/")
        try StateDirectory.prepare(config.stateDirectory,
                                   files: [store.snapshotPath, store.journalPath] + (inside ? [config.ingestLogPath] : []))
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
        poller = FeedPoller(client: client, archive: archive, log: log,
                            canonicalizer: URLCanonicalizer(trackingParameters: tracking), articles: config.article)
        // Repairs of the state files (a torn journal tail) are reported like the archive's.
        let loaded = try await store.loadAll()
        for problem in loaded.problems {
            logger.warning("\(problem)")
            log.write(.daemon(message: "feed state: \(problem)"))
        }
        let schedule = Schedule(policy: config.poll, perHostLimit: config.fetch.maxTransfersPerHost, saved: loaded.states)
        coordinator = PollCoordinator(schedule: schedule, store: store, log: log, reschedules: !singlePass)
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

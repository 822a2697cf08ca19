import FeedArchive
import FeedMetrics
import FeedParsing
import FeedURL
import Foundation
import HTTPFetching
import Logging
import PostgresStore

/// The parts a poll needs, opened from one configuration: archive (with its lock), ingest log,
/// HTTP client, poller, the coordinator that owns the schedule and, when on, the metrics.
final class FeedRuntime: Sendable {
    let config: DaemonConfig
    let archive: any ArchiveStore
    /// The PostgreSQL side when `[archive] store` names a database; nil for the local archive.
    let shared: SharedStore?
    /// Which feeds this node polls, on a shared store (daemon only).
    let keeper: LeaseKeeper?
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
        let journal = FeedStateJournal(stateDirectory: config.stateDirectory)
        let inside = config.ingestLogPath.hasPrefix(config.stateDirectory + "/")
        try StateDirectory.prepare(config.stateDirectory,
                                   files: [journal.snapshotPath, journal.journalPath] + (inside ? [config.ingestLogPath] : []))
        let log = try IngestLog(path: config.ingestLogPath)
        self.log = log
        let store: any FeedStateStore
        var localArchive: Archive?
        switch config.archive.store {
        case .postgres(let uri):
            let shared = try await SharedStore.open(uri: uri, settings: config.archive,
                                                    perHost: config.fetch.maxTransfersPerHost) { message in
                logger.notice("\(message)")
                log.write(.daemon(message: message))
            }
            self.shared = shared
            archive = shared.archive
            store = shared.states
        case .local:
            shared = nil
            let opened = try Self.openLocalArchive(config: config, logger: logger, log: log, notifier: notifier)
            archive = opened
            localArchive = opened
            store = journal
        }
        // On a shared store every transfer, feed or page, waits for one of its host's slots in
        // the database: the cluster as a whole keeps per_host.
        client = try HTTPClient(options: config.fetch, gate: shared.map { HostSlotGate(slots: $0.slots, logger: logger) })
        let tracking = TrackingParameters(
            names: TrackingParameters.default.names.union(config.extraTrackingParameters.map { $0.lowercased() }),
            prefixes: TrackingParameters.default.prefixes)
        let metrics = singlePass || config.metrics.listen == nil ? nil : FeedMetrics(buildLabels: [("version", FeeddVersion.string)])
        self.metrics = metrics
        poller = FeedPoller(client: client, archive: archive, log: log,
                            canonicalizer: URLCanonicalizer(trackingParameters: tracking), articles: config.article,
                            metrics: metrics)
        // Repairs of the state files (a torn journal tail) are reported like the archive's. On a
        // shared store nothing is loaded here: a node takes each host's states with its lease.
        let loaded = try await store.loadAll()
        for problem in loaded.problems {
            logger.warning("\(problem)")
            log.write(.daemon(message: "feed state: \(problem)"))
        }
        let schedule = Schedule(policy: config.poll, perHostLimit: config.fetch.maxTransfersPerHost, saved: loaded.states)
        // On a shared store the lease keeper saves, before each renewal (and poll-once after each round).
        let coordinator = PollCoordinator(schedule: schedule, store: store, periodicSaves: shared == nil, log: log,
                                          reschedules: !singlePass)
        self.coordinator = coordinator
        // The archive's size: the local archive's files, or the shared tables (0 while the
        // database does not answer).
        metrics?.setStateSource { [localArchive, shared] in
            if let shared {
                let size = try? await shared.summary.archiveSize()
                return await StateSnapshot(feeds: coordinator.feedCounts(), archiveBytes: size?.bytes ?? 0, archiveItems: size?.items ?? 0)
            }
            return await StateSnapshot(feeds: coordinator.feedCounts(),
                                       archiveBytes: localArchive.flatMap { try? ArchiveReader(stateDirectory: $0.stateDirectory).byteCount() } ?? 0,
                                       archiveItems: await localArchive?.itemCount ?? 0)
        }
        keeper = shared.flatMap { shared in
            singlePass ? nil : LeaseKeeper(shared: shared, coordinator: coordinator, log: log, logger: logger,
                                           spread: Daemon.startupSpread(config))
        }
    }

    /// The JSON Lines archive under the state directory, with its lock.
    private static func openLocalArchive(config: DaemonConfig, logger: Logger, log: IngestLog,
                                         notifier: SystemdNotifier) throws -> Archive {
        let options = ArchiveOptions(rotateMonthly: config.archive.rotateMonthly,
                                     maxSegmentBytes: config.archive.maxSegmentBytes > 0 ? Int64(config.archive.maxSegmentBytes) : nil)
        // Repairs at open (a torn last line, a rebuilt index) are the operator's business: both logs.
        // A rebuild of the seen-index reads the whole archive: it says how far it got, and keeps
        // systemd from giving up on the start meanwhile.
        return try Archive.open(stateDirectory: config.stateDirectory, options: options, log: { message in
            logger.notice("\(message)")
            log.write(.daemon(message: message))
        }, progress: { progress in
            let line = Self.describe(progress)
            logger.notice("\(line)")
            log.write(.daemon(message: line))
            notifier.extendTimeout(seconds: 30, status: line)
        })
    }

    /// Makes `feeds` the configured set: all of them polled here, or on a shared store those
    /// of the hosts this node holds.
    @discardableResult
    func applyFeeds(_ feeds: [FeedConfig], spread: Double) async throws -> Schedule.Change {
        if let keeper { return try await keeper.configure(feeds) }
        return await coordinator.apply(feeds, spread: spread)
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

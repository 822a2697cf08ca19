import FeedMetrics
import Foundation
import Logging
import PostgresStore
import ServiceLifecycle

/// `feedd run`: polls every feed on its schedule until SIGTERM or SIGINT, reloading the
/// configuration on SIGHUP or when it changes, and speaking systemd's notify protocol.
public struct Daemon: Sendable {
    /// The configuration to start with, as `loader` read it from `configPath`; reloads read it again.
    public let config: DaemonConfig
    public let loader: ConfigLoader
    public let configPath: String
    public let logger: Logger

    public init(config: DaemonConfig, configPath: String, loader: ConfigLoader, logger: Logger) {
        self.config = config
        self.configPath = configPath
        self.loader = loader
        self.logger = logger
    }

    public func run() async throws {
        let notifier = SystemdNotifier()
        let runtime = try await FeedRuntime(config: config, logger: logger, singlePass: false, notifier: notifier)
        defer { runtime.shutdown() }
        // Listening before anything starts: a port already taken stops the start, as a bad config does.
        let server = try await startMetricsServer(runtime)
        let signals = LoopSignals()
        signals.heartbeat.store(Int64(Date().timeIntervalSince1970), ordering: .relaxed)
        let change = try await runtime.applyFeeds(config.feeds, spread: Self.startupSpread(config))
        let archive = runtime.shared.map { "database \(PostgresURI.redacted($0.uri)) as node \(config.archive.node)" }
            ?? "archive \(config.stateDirectory)/archive"
        let started = "started: \(config.feeds.count) feeds (\(change.added.count) scheduled), \(archive)"
        runtime.log.write(.daemon(message: started))
        logger.info("\(started); ingest log \(config.ingestLogPath)")

        let polling = PollingService(runtime: runtime, signals: signals, notifier: notifier, logger: logger,
                                     readyStatus: "\(config.feeds.count) feeds")
        let watcher = ConfigWatchService(runtime: runtime, loader: loader, notifier: notifier, logger: logger)
        let watchdog = WatchdogService(runtime: runtime, signals: signals, notifier: notifier)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            // Shut down in reverse order: the lease service last, once the last poll is over.
            services: (runtime.keeper.map { [ServiceGroupConfiguration.ServiceConfiguration(service: LeaseService(keeper: $0))] } ?? []) + [
                .init(service: polling, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: watcher),
                .init(service: watchdog),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        do {
            try await group.run()
        } catch {
            await server?.stop()
            throw error
        }
        await server?.stop()
    }

    private func startMetricsServer(_ runtime: FeedRuntime) async throws -> MetricsServer? {
        guard let metrics = runtime.metrics, let address = config.metrics.listen else { return nil }
        let server = try await MetricsServer.start(address: address, metrics: metrics, logger: logger)
        logger.info("serving metrics on http://\(address)/metrics")
        return server
    }

    /// Overdue feeds after a restart are spread over a tenth of the default interval (at most
    /// five minutes), so a restart does not poll everything at once.
    static func startupSpread(_ config: DaemonConfig) -> Double {
        min(Double(config.poll.defaultInterval) / 10, 300)
    }
}

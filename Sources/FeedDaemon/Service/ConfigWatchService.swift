import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on SIGHUP and, with no signal, when a config file changes on disk.
/// A configuration that fails to load is reported and the running one stays.
struct ConfigWatchService: Service {
    let runtime: FeedRuntime
    let loader: ConfigLoader
    let notifier: SystemdNotifier
    let logger: Logger
    /// How often files are checked for changes.
    var checkInterval: Duration = .seconds(2)

    func run() async throws {
        let reloads = ReloadState(fingerprint: ConfigFingerprint(config: runtime.config))
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) {
                        try? runtime.log.reopen()
                        await reload(reason: "SIGHUP", state: reloads)
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: checkInterval)
                        if await reloads.changed() { await reload(reason: "config file changed", state: reloads) }
                    }
                }
                await group.waitForAll()
            }
        }
    }

    private func reload(reason: String, state: ReloadState) async {
        notifier.reloading()
        defer { notifier.status("running") ; notifier.send("READY=1") }
        let current = runtime.config
        let config: DaemonConfig
        do {
            config = try loader.load(current.configFile)
        } catch {
            await state.remember(ConfigFingerprint(config: current))
            let first = error.problems.first.map(\.description) ?? "unknown problem"
            runtime.log.write(.config(message: "reload failed (\(reason)); keeping the running configuration: \(first)"))
            for problem in error.problems { logger.error("config reload failed: \(problem)") }
            return
        }
        await state.remember(ConfigFingerprint(config: config))
        for (setting, old, new) in Self.restartOnlyChanges(from: current, to: config) {
            logger.warning("\(setting) changed from \(old) to \(new); this takes effect after a restart")
        }
        let change: Schedule.Change
        do {
            change = try await runtime.applyFeeds(config.feeds, spread: 0)
        } catch {
            runtime.log.write(.config(message: "reload failed (\(reason)): \(error)"))
            logger.error("config reload failed: \(error)")
            return
        }
        let message = "reloaded (\(reason)): \(config.feeds.count) feeds, \(change.added.count) added, \(change.removed.count) removed, \(change.changed.count) changed"
        runtime.log.write(.config(message: message))
        logger.info("\(message)")
    }

    private static func restartOnlyChanges(from old: DaemonConfig, to new: DaemonConfig) -> [(String, String, String)] {
        var changes: [(String, String, String)] = []
        if old.stateDirectory != new.stateDirectory { changes.append(("state_dir", old.stateDirectory, new.stateDirectory)) }
        if old.ingestLogPath != new.ingestLogPath { changes.append(("ingest_log", old.ingestLogPath, new.ingestLogPath)) }
        if old.fetch != new.fetch { changes.append(("[http]", "the old settings", "the new ones")) }
        if old.poll != new.poll { changes.append(("[poll]", "the old settings", "the new ones")) }
        if old.archive != new.archive { changes.append(("[archive]", "the old settings", "the new ones")) }
        if old.metrics != new.metrics {
            changes.append(("[metrics] listen", old.metrics.listen.map(\.description) ?? "(off)",
                            new.metrics.listen.map(\.description) ?? "(off)"))
        }
        return changes
    }
}

/// The last configuration fingerprint seen, so each change reloads once.
private actor ReloadState {
    private var fingerprint: ConfigFingerprint

    init(fingerprint: ConfigFingerprint) {
        self.fingerprint = fingerprint
    }

    func changed() -> Bool {
        ConfigFingerprint(configFile: fingerprint.configFile, feedsDirectory: fingerprint.feedsDirectory,
                          feedsFile: fingerprint.feedsFile) != fingerprint
    }

    func remember(_ new: ConfigFingerprint) {
        fingerprint = new
    }
}

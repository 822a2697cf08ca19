import ArgumentParser
import Glibc
import FeedDaemon
import Logging
import SafeText

/// `feedd run`: the daemon, in the foreground as systemd expects.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Poll every feed on its schedule until SIGTERM or SIGINT.",
        discussion: """
        Reloads the configuration on SIGHUP (systemctl reload feedd) and, with no signal, within \
        a few seconds of a config or drop-in file changing. Speaks systemd's notify protocol \
        (Type=notify) when $NOTIFY_SOCKET is set. The configuration is checked first: a problem \
        exits 78 (EX_CONFIG) before anything starts, which the unit's RestartPreventExitStatus=78 \
        turns into a failed service rather than a restart loop. Any other failure exits 1.
        """
    )

    @OptionGroup var options: ConfigOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        // Until the reload handler is installed, a SIGHUP (a log rotator's, say) would kill the
        // daemon while it loads; one that early has nothing to reload anyway.
        signal(SIGHUP, SIG_IGN)
        DiagnosticLogging.bootstrap(level: Logger.Level(rawValue: logging.logLevel) ?? .info)
        let logger = Logger(label: "feedd")
        let config = try options.load()
        do {
            try await Daemon(config: config, configPath: options.configPath, loader: options.loader, logger: logger).run()
        } catch {
            logger.critical("\(TerminalText.render("\(error)"))")
            throw CommandFailure.exitCode(for: error)
        }
    }
}

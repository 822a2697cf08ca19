import ArgumentParser
import FeedDaemon
import Foundation

/// `--config` and `--state-dir`, shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(
        "The configuration file.", discussion: "Defaults to $FEEDD_CONFIG, else /etc/feedd/feedd.toml.",
        valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Overrides state_dir from the configuration.", valueName: "dir"))
    var stateDir: String?

    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["FEEDD_CONFIG"] ?? "/etc/feedd/feedd.toml"
    }

    var loader: ConfigLoader {
        ConfigLoader(stateDirectoryOverride: stateDir)
    }

    /// The loaded configuration, or every problem on stderr and exit status 78 (EX_CONFIG).
    func load() throws -> DaemonConfig {
        do {
            return try loader.load(configPath)
        } catch {
            for problem in error.problems {
                CommandFailure.printError("\(problem)")
            }
            throw ExitStatus.configuration
        }
    }
}

/// `-v` / `--log-level` for the daemon's diagnostics on stderr.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Diagnostics on stderr at this level or above: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"
}

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

    @Option(help: ArgumentHelp("This node's name in a shared (PostgreSQL) store; default $FEEDD_NODE, else the host name.",
                               valueName: "name"))
    var node: String?

    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["FEEDD_CONFIG"] ?? "/etc/feedd/feedd.toml"
    }

    var loader: ConfigLoader {
        ConfigLoader(stateDirectoryOverride: stateDir)
    }

    /// The loaded configuration, or every problem on stderr and exit status 78 (EX_CONFIG).
    func load() throws -> DaemonConfig {
        do {
            var config = try loader.load(configPath)
            if let node, !node.isEmpty { config.archive.node = node }
            return config
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

import ArgumentParser
import FeedDaemon
import Foundation
import SafeText

/// `feedd check-config FILE`: every problem with file and line.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration file and its drop-ins; print every problem with file and line.",
        discussion: "Exit status 0 when the configuration is good, 78 (EX_CONFIG) when it has a problem; "
            + "with --connect, 1 when the [archive] store database cannot be reached or its schema is newer than this feedd."
    )

    @Argument(help: ArgumentHelp("The configuration file.", valueName: "file"))
    var file: String

    @Flag(help: "Also connect to the [archive] store database and report its schema version.")
    var connect = false

    func run() async throws {
        let config: DaemonConfig
        do {
            config = try ConfigLoader().load(file)
            let metrics = config.metrics.listen.map { "; metrics on http://\($0)/metrics" } ?? ""
            print(TerminalText.render("\(config.configFile): OK, \(config.feeds.count) feeds; state in \(config.stateDirectory), ingest log \(config.ingestLogPath)\(metrics)"))
        } catch {
            for problem in error.problems { print(TerminalText.render("\(problem)")) }
            print("\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found")
            throw ExitStatus.configuration
        }
        guard connect, let admin = SharedStoreAdmin(config: config) else { return }
        do {
            print(TerminalText.render(try await admin.connect()))
        } catch {
            print(TerminalText.render("\(config.configFile): [archive] store: \(error)"))
            throw ExitCode(1)
        }
    }
}

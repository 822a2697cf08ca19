import ArgumentParser
import FeedDaemon
import Foundation
import SafeText

/// `feedd check-config FILE`: every problem with file and line.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration file and its drop-ins; print every problem with file and line.",
        discussion: "Exit status 0 when the configuration is good, 78 (EX_CONFIG) when it has a problem."
    )

    @Argument(help: ArgumentHelp("The configuration file.", valueName: "file"))
    var file: String

    func run() throws {
        do {
            let config = try ConfigLoader().load(file)
            let metrics = config.metrics.listen.map { "; metrics on http://\($0)/metrics" } ?? ""
            print(TerminalText.render("\(config.configFile): OK, \(config.feeds.count) feeds; state in \(config.stateDirectory), ingest log \(config.ingestLogPath)\(metrics)"))
        } catch {
            for problem in error.problems { print(TerminalText.render("\(problem)")) }
            print("\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found")
            throw ExitStatus.configuration
        }
    }
}

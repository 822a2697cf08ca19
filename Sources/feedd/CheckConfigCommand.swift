import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd check-config FILE`: every problem with file and line.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration file and its drop-ins; print every problem with file and line."
    )

    @Argument(help: ArgumentHelp("The configuration file.", valueName: "file"))
    var file: String

    func run() throws {
        do {
            let config = try ConfigLoader().load(file)
            let metrics = config.metrics.listen.map { "; metrics on http://\($0)/metrics" } ?? ""
            print("\(config.configFile): OK, \(config.feeds.count) feeds; state in \(config.stateDirectory), ingest log \(config.ingestLogPath)\(metrics)")
        } catch {
            for problem in error.problems { print(problem) }
            print("\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found")
            throw ExitCode(1)
        }
    }
}

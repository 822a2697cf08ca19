import ArgumentParser
import FeedArchive
import Foundation

/// `feedd reindex`: rebuild the seen-index from the archive, the source of truth.
struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the seen-index from the archive.",
        discussion: "Not needed in normal operation: feedd rebuilds a missing or inconsistent index at start. Refuses while a feedd runs on the same state directory."
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        do {
            let summary = try Archive.reindex(stateDirectory: config.stateDirectory) { message in
                CommandFailure.printError(message)
            }
            print("reindexed \(summary.lineCount) archive lines: \(summary.distinctKeyCount) distinct items"
                  + (summary.invalidLineCount > 0 ? ", \(summary.invalidLineCount) lines that are not records" : ""))
        } catch {
            throw CommandFailure.report(error)
        }
    }
}

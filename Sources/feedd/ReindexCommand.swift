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
                FileHandle.standardError.write(Data("feedd: \(message)\n".utf8))
            }
            print("reindexed \(summary.lineCount) archive lines: \(summary.distinctKeyCount) distinct items"
                  + (summary.invalidLineCount > 0 ? ", \(summary.invalidLineCount) lines that are not records" : ""))
        } catch {
            FileHandle.standardError.write(Data("feedd: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

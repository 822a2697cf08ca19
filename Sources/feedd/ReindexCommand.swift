import ArgumentParser
import FeedArchive
import FeedDaemon
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
        if let admin = SharedStoreAdmin(config: config) {
            // PostgreSQL keeps the unique index itself: on a shared store this is a check.
            do {
                let check = try admin.check { count in
                    if count % 1_000_000 == 0 { FileHandle.standardError.write(Data("feedd: checked \(count) items\n".utf8)) }
                }
                print("\(admin.redactedURI): nothing to rebuild (PostgreSQL keeps the unique index); checked \(check.items) items: "
                      + "\(check.mismatchedKeys.count) with a wrong dedup key, \(check.danglingAliases) aliases leading nowhere")
                for url in check.mismatchedKeys { print("  wrong dedup key: \(url)") }
                if !check.mismatchedKeys.isEmpty || check.danglingAliases > 0 { throw ExitCode.failure }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                FileHandle.standardError.write(Data("feedd: \(admin.redactedURI): \(error)\n".utf8))
                throw ExitCode.failure
            }
            return
        }
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

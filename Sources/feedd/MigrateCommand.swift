import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd migrate [--from-local DIR]`: creates or upgrades the schema of a shared store, and
/// copies a local archive into it.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the PostgreSQL schema; with --from-local, copy a local archive into it.",
        discussion: """
            Needs [archive] store = "postgresql://…". feedd run does the same upgrade at start; this \
            command lets an operator do it on their own schedule. --from-local copies the items, \
            aliases and feed states of a local state directory; running it again inserts nothing.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(name: .customLong("from-local"), help: ArgumentHelp("A local state directory to copy into the database.", valueName: "dir"))
    var fromLocal: String?

    func run() async throws {
        let config = try options.load()
        guard let admin = SharedStoreAdmin(config: config) else {
            FileHandle.standardError.write(Data("feedd: \(config.configFile): [archive] store is \"local\": there is no database to migrate\n".utf8))
            throw ExitCode(78)
        }
        do {
            for line in try await admin.migrate() { print(line) }
            if let fromLocal {
                let directory = (fromLocal as NSString).standardizingPath
                guard FileManager.default.fileExists(atPath: "\(directory)/archive") else {
                    throw ValidationError("\(directory) has no archive/ directory: not a feedd state directory")
                }
                print(try await admin.importLocal(stateDirectory: directory) { line in
                    FileHandle.standardError.write(Data("feedd: \(line)\n".utf8))
                })
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("feedd: \(admin.redactedURI): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

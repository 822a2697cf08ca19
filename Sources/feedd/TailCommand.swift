import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd tail [-f] [-n N]`: the ingest log, following it like `tail -f`.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the end of the ingest log; with -f, keep printing what is appended."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(name: .shortAndLong, help: "Keep printing lines as they are appended (follows log rotation).")
    var follow = false

    @Option(name: [.customShort("n"), .long], help: "How many lines to print first.")
    var lines = 10

    @Option(help: ArgumentHelp("Read this log file instead of the configured one.", valueName: "file"))
    var log: String?

    func run() async throws {
        let path = try log ?? options.load().ingestLogPath
        let tail = LogTail(path: path)
        let (recent, end): ([Substring], Int)
        do {
            (recent, end) = try tail.lastLines(max(0, lines))
        } catch {
            FileHandle.standardError.write(Data("feedd: \(error)\n".utf8))
            throw ExitCode.failure
        }
        // Straight to the descriptor, unbuffered, so a pipe reader sees each line as it comes.
        let head = recent.map { $0 + "\n" }.joined()
        FileHandle.standardOutput.write(Data(head.utf8))
        guard follow else { return }
        try await tail.follow(from: end) { chunk in
            FileHandle.standardOutput.write(Data(chunk.utf8))
        }
    }
}

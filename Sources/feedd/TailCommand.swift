import ArgumentParser
import FeedDaemon
import Foundation
import SafeText

/// `feedd tail [-f] [-n N]`: the ingest log, following it like `tail -f`. Each line goes out
/// through `TerminalText`: feedd's own log is escaped already, but a line someone else wrote
/// there must not reach the terminal raw either.
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
            throw CommandFailure.report(error)
        }
        // Straight to the descriptor, unbuffered, so a pipe reader sees each line as it comes.
        let head = recent.map { TerminalText.render(String($0)) + "\n" }.joined()
        FileHandle.standardOutput.write(Data(head.utf8))
        guard follow else { return }
        try await tail.follow(from: end) { chunk in
            let lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            FileHandle.standardOutput.write(Data(lines.map { TerminalText.render(String($0)) + "\n" }.joined().utf8))
        }
    }
}

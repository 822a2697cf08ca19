import ArgumentParser
import SafeText
import FeedDaemon
import Foundation

/// `feedd tail [-f] [-n N] [--feed NAME] [--event EVENT]`: the ingest log, as `tail -F` shows it.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the end of the ingest log; with -f, keep printing what is appended.",
        discussion: """
            With -f it behaves as tail -F: it waits for a log that does not exist yet, and follows \
            it when logrotate replaces it or it is truncated (a note on stderr says so). --feed and \
            --event keep only matching lines (both repeatable; -n counts matching lines). Colour on a \
            terminal, unless NO_COLOR is set or --color never.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(name: .shortAndLong, help: "Keep printing lines as they are appended (across rotation and truncation).")
    var follow = false

    @Option(name: [.customShort("n"), .long], help: "How many lines to print first.")
    var lines = 10

    @Option(name: .customLong("feed"), help: ArgumentHelp("Only lines about this feed (its name or URL).", valueName: "name"))
    var feeds: [String] = []

    @Option(name: .customLong("event"), help: ArgumentHelp(
        "Only lines of this event: \(IngestLogFilter.knownEvents.sorted().joined(separator: ", ")) (or several, comma-separated).",
        valueName: "event"))
    var events: [String] = []

    @Option(help: ArgumentHelp("Colour: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    @Option(help: ArgumentHelp("Read this log file instead of the configured one.", valueName: "file"))
    var log: String?

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    func run() async throws {
        let path = try log ?? options.load().ingestLogPath
        let wantedEvents = Set(events.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
        for unknown in wantedEvents.subtracting(IngestLogFilter.knownEvents).sorted() {
            Console.error("warning: the ingest log has no \"\(unknown)\" event (it has \(IngestLogFilter.knownEvents.sorted().joined(separator: ", ")))")
        }
        let filter = IngestLogFilter(feeds: Set(feeds), events: wantedEvents)
        let colour = Self.useColour(color)
        let tail = LogTail(path: path)
        var start: Int?
        do {
            let (recent, end) = try tail.lastLines(max(0, lines), matching: filter.accepts)
            write(recent.map { $0[...] }, colour: colour)
            start = end
        } catch where error.isMissing && follow {
            start = nil
        } catch {
            throw CommandFailure.report(error)
        }
        guard follow else { return }
        try await tail.follow(from: start, notice: { Console.error(Self.describe($0, path)) }) { chunk in
            let lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).dropLast().filter(filter.accepts)
            write(Array(lines), colour: colour)
        }
    }

    /// Straight to the descriptor, unbuffered, so a pipe reader sees each line as it comes.
    private func write(_ lines: [Substring], colour: Bool) {
        guard !lines.isEmpty else { return }
        // Through TerminalText first: feedd's own log is escaped already, but a line someone else
        // wrote there must not reach the terminal raw either.
        let text = lines.map { line -> String in
            let safe = TerminalText.render(String(line))
            return (colour ? IngestLogStyle.coloured(safe[...]) : safe) + "\n"
        }.joined()
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// auto: stdout is a terminal other than "dumb", and NO_COLOR is unset or empty (no-color.org).
    static func useColour(_ choice: ColorChoice) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            return isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }

    static func describe(_ notice: LogTail.Notice, _ path: String) -> String {
        switch notice {
        case .waiting: return "\(path) does not exist (yet); waiting for it"
        case .appeared: return "\(path) has appeared; following it"
        case .replaced: return "\(path) has been replaced (rotated); following the new file"
        case .truncated: return "\(path) was truncated; reading it from the start"
        }
    }
}

import ArgumentParser
import FeedArchive
import FeedTime
import Foundation
import SafeText

/// `feedd export`: every archived item, across all segments, as JSON Lines on stdout (or, with
/// `--format text`, as a reader keeps them). Control, separator and bidi characters go out as
/// JSON `\uXXXX` escapes (the same strings, decoded) or terminal escapes, and URL passwords
/// masked (`TerminalText`), so no record can work on a terminal.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print archived items as JSON Lines, or as text (every segment, oldest first).",
        discussion: """
            Safe while the daemon runs: only complete lines are read. --format text prints each \
            item as a reader keeps it: headline, blank line, "By ..." line, the date as \
            "October 10, 2022", the paragraphs, then "Original url:" and the URL; items are \
            separated by a "* * *" line.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, text
    }

    @Option(help: "jsonl (one archive record a line, the default) or text (for people).")
    var format: Format = .jsonl

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Only items fetched at or after this UTC time (YYYY-MM-DDTHH:MM:SSZ).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only items from this feed URL.", valueName: "url"))
    var feed: String?

    func run() throws {
        let config = try options.load()
        let earliest: Date?
        if let since {
            guard let parsed = UTCTimestamp.parse(since) else {
                throw ValidationError("--since must look like 2026-11-25T00:00:00Z")
            }
            earliest = parsed
        } else {
            earliest = nil
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        let output = FileHandle.standardOutput
        do {
            var first = true
            try ArchiveReader(stateDirectory: config.stateDirectory).forEachLine { line, location in
                var record: ArchiveRecord?
                if earliest != nil || feed != nil || format == .text {
                    guard let decoded = try? ArchiveRecord(jsonLine: line) else {
                        CommandFailure.printError("skipping \(location.segmentPath):\(location.lineNumber): not a record")
                        return
                    }
                    if let earliest, decoded.fetchedAt < earliest { return }
                    if let feed, decoded.feedURL != feed { return }
                    record = decoded
                }
                if format == .text, let record {
                    if !first { buffer.append(contentsOf: ArticleTextExport.separator.utf8) }
                    buffer.append(contentsOf: ArticleTextExport.render(record).utf8)
                    first = false
                } else {
                    TerminalText.appendJSONLine(line, to: &buffer)
                    buffer.append(0x0A)
                }
                if buffer.count >= 1 << 20 {
                    output.write(Data(buffer))
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            output.write(Data(buffer))
            throw CommandFailure.report(error)
        }
        output.write(Data(buffer))
    }
}

import ArgumentParser
import FeedArchive
import FeedDaemon
import FeedTime
import Foundation
import SafeText

/// `feedd export`: every archived item, across all segments, as JSON Lines on stdout. Control,
/// separator and bidi characters go out as JSON `\uXXXX` escapes (the same strings, decoded)
/// and URL passwords masked (`TerminalText.appendJSONLine`), so no record can work on a terminal.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print archived items as JSON Lines (every segment, oldest first).",
        discussion: "Safe while the daemon runs: only complete lines are read. On a shared store, rows in insertion order, in the same JSON Lines form."
    )

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
        if let admin = SharedStoreAdmin(config: config) {
            do {
                try admin.export(since: earliest, feed: feed) { records in
                    for record in records { record.appendJSONLine(to: &buffer) }
                    output.write(Data(buffer))
                    buffer.removeAll(keepingCapacity: true)
                }
            } catch {
                FileHandle.standardError.write(Data("feedd: \(admin.redactedURI): \(error)\n".utf8))
                throw ExitCode.failure
            }
            return
        }
        do {
            try ArchiveReader(stateDirectory: config.stateDirectory).forEachLine { line, location in
                if earliest != nil || feed != nil {
                    guard let record = try? ArchiveRecord(jsonLine: line) else {
                        CommandFailure.printError("skipping \(location.segmentPath):\(location.lineNumber): not a record")
                        return
                    }
                    if let earliest, record.fetchedAt < earliest { return }
                    if let feed, record.feedURL != feed { return }
                }
                TerminalText.appendJSONLine(line, to: &buffer)
                buffer.append(0x0A)
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

import ArgumentParser
import FeedDaemon
import Foundation
import SafeText

/// `feedd status`: a summary line, then each feed's state, last result, failures and next poll,
/// from the saved feed state and the archive (safe while the daemon runs); on a shared store,
/// from the database, after a line on it and one per live node. Names, errors and URLs
/// come from configs and servers: they go out through `TerminalText`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Summarize feeds (ok, failing, gone, moved) and the last 24 hours, then list each feed.",
        discussion: "Reads the saved state and the archive; safe while the daemon runs."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "List only the broken feeds (failing or gone), with their last error.")
    var failing = false

    @Flag(help: "Print the summary and the feeds as one JSON object.")
    var json = false

    func run() async throws {
        let config = try options.load()
        var shared: (states: [String: FeedState], recent: Int)?
        var cluster: [String] = []
        if let admin = SharedStoreAdmin(config: config) {
            do {
                let overview = try admin.overview()
                cluster.append("\(admin.redactedURI): schema \(overview.schemaVersion), \(overview.items) items, "
                               + "\(overview.aliases) aliases; \(overview.hostsLeased) of \(overview.hosts) hosts leased")
                for node in overview.nodes {
                    cluster.append(TerminalText.render("  node \(node.name): \(node.hosts) hosts, seen \(Int(node.lastSeenSecondsAgo)) s ago"))
                }
                shared = (try await admin.feedStates(config.feeds.map(\.url)).mapValues(\.state), overview.itemsLast24Hours)
            } catch {
                CommandFailure.printError("\(admin.redactedURI): \(error)")
                throw ExitCode.failure
            }
        }
        var report = try await StatusReport.gather(config: config, shared: shared) { problem in
            CommandFailure.printError(problem)
        }
        if failing { report.feeds = report.feeds.filter(\.state.isBroken) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            // JSONEncoder leaves bidi controls and U+2028 raw: escape them as \uXXXX too, line by
            // line (the line breaks are the pretty-printer's own; those in strings are escaped).
            var safe: [UInt8] = []
            for line in try encoder.encode(report).split(separator: 0x0A, omittingEmptySubsequences: false) {
                Array(line).withUnsafeBytes { TerminalText.appendJSONLine($0, to: &safe) }
                safe.append(0x0A)
            }
            FileHandle.standardOutput.write(Data(safe))
            return
        }
        for line in cluster { print(line) }
        print(Self.summaryLine(report.summary))
        if failing && report.feeds.isEmpty { return }
        print("")
        print(StatusTable.render(report.feeds, now: Date().timeIntervalSince1970))
    }

    static func summaryLine(_ summary: StatusReport.Summary) -> String {
        var line = "\(summary.feeds) feeds: \(summary.ok) ok, \(summary.failing) failing, \(summary.gone) gone, \(summary.moved) moved"
        if summary.pending > 0 { line += ", \(summary.pending) not polled yet" }
        let items = summary.itemsArchived24h
        return line + "; \(items) item\(items == 1 ? "" : "s") archived in the last 24 h"
    }
}

/// The feeds as aligned columns: name, state, last HTTP status, failures, next poll, items, note.
enum StatusTable {
    static func render(_ rows: [StatusReport.Row], now: Double) -> String {
        var lines = [pad("feed", 32) + " " + pad("state", 8) + " last  fails  " + pad("next poll", 10) + "  items  note"]
        for row in rows {
            let shown = TerminalText.render(row.name)
            let name = shown.count > 32 ? String(shown.prefix(31)) + "…" : shown
            let next = row.state == .gone ? "never" : row.nextPollSeconds.map { relative($0 - now) } ?? "now"
            let note = TerminalText.render(row.lastError ?? row.movedTo.map { "moved to \($0)" } ?? "")
            lines.append(pad(name, 32) + " " + pad(row.state.rawValue, 8)
                         + " " + leftPad(row.lastStatus.map(String.init) ?? "-", 4)
                         + String(format: "  %5d  ", row.consecutiveFailures)
                         + pad(next, 10) + String(format: "  %5d  ", row.itemsArchived) + note)
        }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n")
    }

    static func relative(_ seconds: Double) -> String {
        if seconds <= 0 { return "due" }
        if seconds < 120 { return "in \(Int(seconds))s" }
        if seconds < 7200 { return "in \(Int(seconds / 60))m" }
        return "in \(Int(seconds / 3600))h"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func leftPad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

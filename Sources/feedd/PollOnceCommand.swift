import ArgumentParser
import FeedDaemon
import FeedTime
import Foundation
import Logging
import SafeText

/// `feedd poll-once`: one pass over every feed, a summary, non-zero when a feed failed.
struct PollOnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll-once",
        abstract: "Poll every feed once, print a summary and exit (status 1 if any feed failed).",
        discussion: """
            Feeds that answered 410 Gone, and feeds whose server asked with Retry-After not to be \
            polled yet, are skipped and counted, unless --force. On a terminal, a progress line on \
            stderr shows feeds done, new items, failures and time so far.
            """
    )

    @OptionGroup var options: ConfigOptions
    @OptionGroup var logging: LoggingOptions

    @Flag(help: "Poll gone feeds and feeds inside their Retry-After window too.")
    var force = false

    func run() async throws {
        DiagnosticLogging.bootstrap(level: Logger.Level(rawValue: logging.logLevel) ?? .info)
        let config = try options.load()
        let line = ProgressLine.onTerminal()
        let summary: PollOnce.Summary
        do {
            summary = try await PollOnce.run(config: config, logger: Logger(label: "feedd"), force: force) { progress in
                line?.update(progress)
            }
            line?.finish()
        } catch {
            line?.finish()
            throw CommandFailure.report(error)
        }
        print(Self.render(summary))
        if !summary.failures.isEmpty { throw ExitCode.failure }
    }

    static func render(_ summary: PollOnce.Summary) -> String {
        let skipped = summary.skippedGone.count + summary.skippedRetryAfter.count
        var lines = [
            "polled \(summary.polled) feeds in \(String(format: "%.2f", summary.seconds)) s"
                + (skipped > 0 ? " (\(skipped) skipped)" : "") + ": "
                + "\(summary.fetched) fetched, \(summary.notModified) not modified, "
                + "\(summary.failures.count) failed, \(summary.gone) gone",
            "items: \(summary.itemsSeen) seen, \(summary.newItems) new",
            summary.node.map { "node \($0) polled \(summary.feedsPolledHere) of them (the others' nodes polled the rest)   ingest log: \(summary.ingestLog)" }
                ?? "archive: \(summary.stateDirectory)/archive   ingest log: \(summary.ingestLog)",
        ]
        if skipped > 0 {
            lines.append("skipped: \(summary.skippedGone.count) gone (410), \(summary.skippedRetryAfter.count) asked to wait (Retry-After); --force polls them")
            for (feed, url) in summary.skippedGone.prefix(20) {
                lines.append("  \(feed): gone (410) \(url)")
            }
            for (feed, url, until) in summary.skippedRetryAfter.prefix(20) {
                let when = UTCTimestamp.string(from: Date(timeIntervalSince1970: until)) ?? "later"
                lines.append("  \(feed): Retry-After until \(when) \(url)")
            }
            if skipped > 40 { lines.append("  … (feedd status lists every feed)") }
        }
        if !summary.failures.isEmpty {
            lines.append("failed:")
            for failure in summary.failures.prefix(20) {
                lines.append("  \(failure.feed): \(failure.cause)")
            }
            if summary.failures.count > 20 { lines.append("  … and \(summary.failures.count - 20) more (see the ingest log)") }
        }
        // Feed names, causes and paths come from configs and servers: each line made terminal-safe.
        return lines.map(TerminalText.render).joined(separator: "\n")
    }
}

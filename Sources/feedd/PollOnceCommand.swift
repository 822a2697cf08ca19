import ArgumentParser
import FeedDaemon
import Foundation
import Logging

/// `feedd poll-once`: one pass over every feed, a summary, non-zero when a feed failed.
struct PollOnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll-once",
        abstract: "Poll every feed once, print a summary and exit (status 1 if any feed failed)."
    )

    @OptionGroup var options: ConfigOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        DiagnosticLogging.bootstrap(level: Logger.Level(rawValue: logging.logLevel) ?? .info)
        let config = try options.load()
        let summary: PollOnce.Summary
        do {
            summary = try await PollOnce.run(config: config, logger: Logger(label: "feedd"))
        } catch {
            FileHandle.standardError.write(Data("feedd: \(error)\n".utf8))
            throw ExitCode.failure
        }
        print(Self.render(summary))
        if !summary.failures.isEmpty { throw ExitCode.failure }
    }

    static func render(_ summary: PollOnce.Summary) -> String {
        var lines = [
            "polled \(summary.feeds) feeds in \(String(format: "%.2f", summary.seconds)) s: "
                + "\(summary.fetched) fetched, \(summary.notModified) not modified, "
                + "\(summary.failures.count) failed, \(summary.gone) gone",
            "items: \(summary.itemsSeen) seen, \(summary.newItems) new",
            summary.node.map { "node \($0) polled \(summary.feedsPolledHere) of them (the others' nodes polled the rest)   ingest log: \(summary.ingestLog)" }
                ?? "archive: \(summary.stateDirectory)/archive   ingest log: \(summary.ingestLog)",
        ]
        if !summary.failures.isEmpty {
            lines.append("failed:")
            for failure in summary.failures.prefix(20) {
                lines.append("  \(failure.feed): \(failure.cause)")
            }
            if summary.failures.count > 20 { lines.append("  … and \(summary.failures.count - 20) more (see the ingest log)") }
        }
        return lines.joined(separator: "\n")
    }
}

import ArgumentParser
import FeedDaemon
import Foundation
import SafeText

/// `feedd status`: each feed's last poll, failures and next poll, from the saved feed state.
/// Names, errors and URLs come from configs and servers: they go out through `TerminalText`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each feed's last result, failures, next poll and items archived."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        // Read-only: a daemon may be writing the journal right now.
        let loaded = try await FeedStateJournal(stateDirectory: config.stateDirectory, writable: false).loadAll()
        for problem in loaded.problems {
            CommandFailure.printError(problem)
        }
        let states = Dictionary(loaded.states.map { ($0.url, $0.state) }, uniquingKeysWith: { _, last in last })
        let now = Date().timeIntervalSince1970
        print("feed".padding(toLength: 32, withPad: " ", startingAt: 0) + " status  fails  next poll   items  note")
        for feed in config.feeds {
            let state = states[feed.url] ?? FeedState()
            let status = state.gone ? "gone" : state.lastStatus.map(String.init) ?? "-"
            let next = state.gone ? "never" : state.nextPoll.map { Self.relative($0 - now) } ?? "now"
            let note = TerminalText.render(state.lastError ?? state.movedTo.map { "moved to \($0)" } ?? "")
            let shown = TerminalText.render(feed.name)
            let name = shown.count > 32 ? String(shown.prefix(31)) + "…" : shown
            print(name.padding(toLength: 32, withPad: " ", startingAt: 0)
                  + " " + status.padding(toLength: 7, withPad: " ", startingAt: 0)
                  + String(format: "%5d  ", state.consecutiveFailures)
                  + next.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: "%7d  ", state.itemsArchived) + note)
        }
    }

    static func relative(_ seconds: Double) -> String {
        if seconds <= 0 { return "due" }
        if seconds < 120 { return "in \(Int(seconds))s" }
        if seconds < 7200 { return "in \(Int(seconds / 60))m" }
        return "in \(Int(seconds / 3600))h"
    }
}

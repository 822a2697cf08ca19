import ArgumentParser
import FeedDaemon
import Foundation
import SafeText

/// `feedd status`: each feed's last poll, failures and next poll, from the saved feed state
/// (on a shared store, from the database, with the node that polls each feed).
/// Names, errors and URLs come from configs and servers: they go out through `TerminalText`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each feed's last result, failures, next poll and items archived."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        var holders: [String: String] = [:]
        let states: [String: FeedState]
        if let admin = SharedStoreAdmin(config: config) {
            do {
                let overview = try admin.overview()
                print("\(admin.redactedURI): schema \(overview.schemaVersion), \(overview.items) items, \(overview.aliases) aliases; "
                      + "\(overview.hostsLeased) of \(overview.hosts) hosts leased")
                for node in overview.nodes {
                    print(TerminalText.render("  node \(node.name): \(node.hosts) hosts, seen \(Int(node.lastSeenSecondsAgo)) s ago"))
                }
                let shared = try await admin.feedStates(config.feeds.map(\.url))
                states = shared.mapValues(\.state)
                holders = shared.compactMapValues(\.holder)
            } catch {
                CommandFailure.printError("\(admin.redactedURI): \(error)")
                throw ExitCode.failure
            }
        } else {
            states = FeedStateStore(stateDirectory: config.stateDirectory).load { problem in
                CommandFailure.printError(problem)
            }
        }
        let now = Date().timeIntervalSince1970
        let nodeColumn = holders.isEmpty ? "" : "node".padding(toLength: 16, withPad: " ", startingAt: 0) + " "
        print("feed".padding(toLength: 32, withPad: " ", startingAt: 0) + " status  fails  next poll   items  " + nodeColumn + "note")
        for feed in config.feeds {
            let state = states[feed.url] ?? FeedState()
            let status = state.gone ? "gone" : state.lastStatus.map(String.init) ?? "-"
            let next = state.gone ? "never" : state.nextPoll.map { Self.relative($0 - now) } ?? "now"
            let note = TerminalText.render(state.lastError ?? state.movedTo.map { "moved to \($0)" } ?? "")
            let shown = TerminalText.render(feed.name)
            let name = shown.count > 32 ? String(shown.prefix(31)) + "…" : shown
            let holder = TerminalText.render(holders[feed.url] ?? "-")
            let node = holders.isEmpty ? "" : holder.padding(toLength: 16, withPad: " ", startingAt: 0) + " "
            print(name.padding(toLength: 32, withPad: " ", startingAt: 0)
                  + " " + status.padding(toLength: 7, withPad: " ", startingAt: 0)
                  + String(format: "%5d  ", state.consecutiveFailures)
                  + next.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: "%7d  ", state.itemsArchived) + node + note)
        }
    }

    static func relative(_ seconds: Double) -> String {
        if seconds <= 0 { return "due" }
        if seconds < 120 { return "in \(Int(seconds))s" }
        if seconds < 7200 { return "in \(Int(seconds / 60))m" }
        return "in \(Int(seconds / 3600))h"
    }
}

import ArgumentParser
import FeedDaemon

@main
struct Feedd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedd",
        abstract: "Polls RSS and Atom feeds and appends new items to a local archive.",
        version: FeeddVersion.string,
        subcommands: [
            RunCommand.self, PollOnceCommand.self, CheckConfigCommand.self, ParseCommand.self, TailCommand.self,
            StatusCommand.self, ExportCommand.self, ReindexCommand.self,
        ]
    )
}

import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd remove URL`: takes a feed out of the drop-in file it lives in.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a feed from the drop-in file that lists it.",
        discussion: """
            The feed is named by its URL (any form that canonicalizes alike) or its name. Its \
            [[feed]] table and the comment lines right above it are taken out; the rest of the file \
            stays byte for byte, and the result is checked as check-config would check it before \
            it is written (atomically). A feed in the main configuration file is refused, with its \
            file and line. Its archived items stay in the archive.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The feed's URL or name.", valueName: "url"))
    var url: String

    func run() throws {
        let editor = DropInEditor(configPath: options.configPath, loader: options.loader)
        do {
            let config = try editor.currentConfig()
            let feed = try editor.feed(matching: url, in: config)
            let edit = try editor.remove(feed)
            Console.out("removed \(feed.url) (\"\(feed.name)\") from \(edit.file), lines \(edit.lines.lowerBound)-\(edit.lines.upperBound); "
                        + "\(edit.config.feeds.count) feeds configured in all")
        } catch {
            Console.error("\(error)")
            throw ExitCode.failure
        }
    }
}

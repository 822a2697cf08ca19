import ArgumentParser
import FeedDaemon
import FeedSubscriptions
import Foundation

/// `feedd import-opml FILE`: the feeds of another reader's subscription list, into a drop-in.
struct ImportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-opml",
        abstract: "Add the feeds of an OPML subscription list to a drop-in file in feeds_dir.",
        discussion: """
            Reads OPML 1.0 to 2.0 as feed readers export it: folders (nested outlines) and the \
            category attribute become each feed's categories, title (else text) its name. Feeds \
            configured already, listed twice or without an http(s) URL are skipped, each named. \
            The drop-in is checked as check-config would check it before it is written (atomically); \
            a running feedd picks it up within seconds. A list that is not well-formed is refused \
            with its line, and nothing is written.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The OPML file.", valueName: "file"))
    var file: String

    @Option(name: .customLong("to"), help: ArgumentHelp(
        "The drop-in to add to: a name in feeds_dir (.toml added) or a path there.", valueName: "dropin"))
    var dropIn = "imported.toml"

    func run() throws {
        let editor = DropInEditor(configPath: options.configPath, loader: options.loader)
        do {
            let config = try editor.currentConfig()
            let target = try DropInEditor.dropInPath(dropIn, feedsDirectory: config.feedsDirectory)
            let subscriptions = try OPMLReader.read(file: file)
            let plan = OPMLImport(subscriptions, config: config)
            Console.out("\(file): \(subscriptions.count) feed\(subscriptions.count == 1 ? "" : "s")")
            for (subscription, location) in plan.alreadyConfigured {
                Console.out("  skipped \(subscription.url): already configured at \(location)")
            }
            for (subscription, firstLine) in plan.listedTwice {
                let first = firstLine.map { " at line \($0)" } ?? ""
                Console.out("  skipped \(subscription.url) (line \(subscription.line ?? 0)): listed already\(first), categories merged")
            }
            for subscription in plan.unusable {
                Console.out("  skipped line \(subscription.line ?? 0): \"\(subscription.url)\" is not an http(s) URL")
            }
            guard !plan.additions.isEmpty else {
                Console.out("nothing to import: no feed in \(file) is new")
                return
            }
            let source = (file as NSString).isAbsolutePath ? file : FileManager.default.currentDirectoryPath + "/" + file
            let edit = try editor.append(plan.tables(from: (source as NSString).standardizingPath), to: target, fileHeader: Self.fileHeader)
            Console.out("imported \(plan.additions.count) feed\(plan.additions.count == 1 ? "" : "s") into \(edit.file) "
                        + "(lines \(edit.lines.lowerBound)-\(edit.lines.upperBound)); \(edit.config.feeds.count) feeds configured in all")
        } catch let error as OPMLError {
            Console.error("\(error); nothing imported")
            throw ExitCode.failure
        } catch let error as DropInEditError {
            Console.error("\(error)")
            throw ExitCode.failure
        }
    }

    static let fileHeader = """
        Feeds imported by `feedd import-opml`. Edit them freely (check with feedd check-config);
        a running feedd picks up changes within seconds.
        """
}

import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd export-opml`: the configured feeds as OPML 2.0 on stdout.
struct ExportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-opml",
        abstract: "Print the configured feeds as an OPML 2.0 subscription list.",
        discussion: """
            Names become titles, the first category the folder, further categories the category \
            attribute, intervals feedd:interval. feedd import-opml of the output gives the same feeds.
            """
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        FileHandle.standardOutput.write(Data(OPMLExport.document(config)))
    }
}

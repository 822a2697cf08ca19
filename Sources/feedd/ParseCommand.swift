import ArgumentParser
import FeedParsing
import Foundation

/// `feedd parse FILE`: parses one feed document and prints it as JSON.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a feed file and print it as JSON (the conformance shape)."
    )

    @Option(name: .customLong("url"), help: "The URL the document was fetched from; relative links resolve against it.")
    var url: String?

    @Option(name: .customLong("content-type"), help: "The HTTP Content-Type it was served with (its charset wins).")
    var contentType: String?

    @Option(name: .customLong("content-location"), help: "The HTTP Content-Location header, the base for relative links.")
    var contentLocation: String?

    @Argument(help: "The feed document to parse.")
    var file: String

    func run() async throws {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            FileHandle.standardError.write(Data("feedd parse: \(file): cannot read: \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
        let context = DocumentContext(url: url, contentType: contentType, contentLocation: contentLocation)
        do {
            let feed = try FeedParser().parse(bytes, context: context)
            FileHandle.standardOutput.write(Data((FeedJSON.render(feed) + "\n").utf8))
        } catch {
            FileHandle.standardError.write(Data("feedd parse: \(file): \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}

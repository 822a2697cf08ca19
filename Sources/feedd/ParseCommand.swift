import ArgumentParser
import FeedDaemon
import FeedParsing
import Foundation
import HTTPFetching
import SafeText
import Glibc

/// `feedd parse FILE...`: parses feed documents and prints each as one line of JSON.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed files and print each as JSON (the conformance shape), one line a file.",
        discussion: """
            Exit status 0 when every file parsed; otherwise 1, with one line on stderr per \
            failed file naming it and the cause. --stats prints timings instead of JSON, for \
            measuring the parser.
            """
    )

    @Option(name: .customLong("url"), help: "The URL the document was fetched from; relative links resolve against it.")
    var url: String?

    @Option(name: .customLong("content-type"), help: "The HTTP Content-Type it was served with (its charset wins).")
    var contentType: String?

    @Option(name: .customLong("content-location"), help: "The HTTP Content-Location header, the base for relative links.")
    var contentLocation: String?

    @Flag(help: "Print parse time, bytes and entries instead of JSON; with --plain-text also time plain-text rendering.")
    var stats = false

    @Flag(name: .customLong("plain-text"), help: "With --stats: render every entry's content as plain text too.")
    var plainText = false

    @Argument(help: "The feed documents to parse: files, or http(s) URLs to fetch.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one FILE") }
    }

    func run() async throws {
        let given = DocumentContext(url: url, contentType: contentType, contentLocation: contentLocation)
        let parser = FeedParser()
        var statistics = ParseStatistics()
        var failures = 0
        var client: HTTPClient?
        defer { client?.shutdown() }
        for file in files {
            var context = given
            let document: [UInt8]?
            if Self.isURL(file) {
                if client == nil { client = try? HTTPClient(options: FetchOptions(userAgent: ConfigLoader.defaultUserAgent)) }
                document = await fetch(file, with: client, into: &context)
            } else {
                document = read(file)
            }
            guard let bytes = document else {
                failures += 1
                continue
            }
            let started = ContinuousClock.now
            do {
                let feed = try parser.parse(bytes, context: context)
                statistics.parseTime += ContinuousClock.now - started
                if stats {
                    statistics.record(feed, bytes: bytes.count, plainText: plainText)
                } else {
                    // The document's text goes to a terminal as JSON escapes, never raw (`TerminalText`).
                    var json = FeedJSON.render(feed)
                    var line: [UInt8] = []
                    json.withUTF8 { TerminalText.appendJSONLine(UnsafeRawBufferPointer($0), to: &line) }
                    line.append(0x0A)
                    FileHandle.standardOutput.write(Data(line))
                }
            } catch {
                failures += 1
                report("\(file): \(error.message)")
            }
        }
        if stats { print(statistics.summary(files: files.count, failures: failures)) }
        if failures > 0 { throw ExitCode(1) }
    }

    static func isURL(_ argument: String) -> Bool {
        let lower = argument.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// The body of a 2xx response, with the response's URL and headers as the context
    /// (options given on the command line win).
    private func fetch(_ url: String, with client: HTTPClient?, into context: inout DocumentContext) async -> [UInt8]? {
        guard let client else {
            report("\(url): cannot start the HTTP client")
            return nil
        }
        do {
            let response = try await client.fetch(FetchRequest(url: url, trust: .configured))
            guard (200...299).contains(response.status) else {
                report("\(url): HTTP \(response.status)")
                return nil
            }
            context.url = context.url ?? response.effectiveURL
            context.contentType = context.contentType ?? response.contentType
            context.contentLocation = context.contentLocation ?? response.headers["content-location"]
            return response.body
        } catch {
            report("\(url): \(error.message)")
            return nil
        }
    }

    /// The file's bytes, read straight into an array.
    private func read(_ file: String) -> [UInt8]? {
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else {
            report("\(file): cannot read: \(String(cString: strerror(errno)))")
            return nil
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            report("\(file): cannot read: not a regular file")
            return nil
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else {
                report("\(file): cannot read: \(String(cString: strerror(errno)))")
                return nil
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    private func report(_ line: String) {
        FileHandle.standardError.write(Data("feedd parse: \(TerminalText.render(line))\n".utf8))
    }
}

/// Totals for `feedd parse --stats`.
struct ParseStatistics {
    var parseTime = Duration.zero
    var plainTextTime = Duration.zero
    var bytes = 0
    var entries = 0
    var plainTextBytes = 0

    mutating func record(_ feed: ParsedFeed, bytes: Int, plainText: Bool) {
        self.bytes += bytes
        entries += feed.entries.count
        guard plainText else { return }
        let started = ContinuousClock.now
        for entry in feed.entries {
            if let html = entry.content ?? entry.summary {
                plainTextBytes += HTMLText.plainText(html).utf8.count
            }
        }
        plainTextTime += ContinuousClock.now - started
    }

    func summary(files: Int, failures: Int) -> String {
        func seconds(_ duration: Duration) -> String {
            let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return String(format: "%.3f", value)
        }
        var line = "files \(files) failed \(failures) bytes \(bytes) entries \(entries) parse_seconds \(seconds(parseTime))"
        if plainTextTime > .zero {
            line += " plain_text_seconds \(seconds(plainTextTime)) plain_text_bytes \(plainTextBytes)"
        }
        return line
    }
}

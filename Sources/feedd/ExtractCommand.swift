import ArgumentParser
import ArticleExtraction
import Foundation
import Glibc

/// `feedd extract FILE...`: extracts the article from saved HTML pages and prints each as one
/// JSON object (one line per page).
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article from HTML pages and print each as one line of JSON.",
        discussion: """
            Prints canonical_url (the canonical form of the page's rel=canonical, else og:url, else \
            --url; no network, so a cross-site claim is not checked), title, byline, published \
            (UTC, or null), text (paragraphs separated by a blank line), captions, image, lang. \
            Exit status 0 when every page gave an article; otherwise 1, with one line on stderr \
            per failed page naming it and the cause. --stats prints totals and timings instead.
            """
    )

    @Option(name: .customLong("url"), help: "The URL the page was fetched from (after redirects); relative links resolve against it.")
    var url: String?

    @Option(name: .customLong("content-type"), help: "The HTTP Content-Type it was served with (its charset wins over the page's).")
    var contentType: String?

    @Flag(help: "Print pages, bytes, paragraphs and extraction time instead of JSON.")
    var stats = false

    @Argument(help: "HTML files to read; - for standard input.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one FILE (or - for standard input)") }
    }

    func run() throws {
        let extractor = ArticleExtractor()
        var failures = 0
        var totals = (pages: 0, bytes: 0, paragraphs: 0, time: Duration.zero)
        for file in files {
            let page: [UInt8]
            do {
                page = try PageInput.read(file)
            } catch {
                failures += 1
                report("\(file): \(error.message)")
                continue
            }
            let context = PageContext(url: url ?? "", contentType: contentType)
            let started = ContinuousClock.now
            do {
                let article = try extractor.extract(page, context: context)
                totals.time += ContinuousClock.now - started
                totals.pages += 1
                totals.bytes += page.count
                totals.paragraphs += article.paragraphs.count
                if !stats {
                    FileHandle.standardOutput.write(Data((ArticleJSON.render(article, pageURL: url) + "\n").utf8))
                }
            } catch {
                failures += 1
                report("\(file): \(error.message)")
            }
        }
        if stats {
            let seconds = Double(totals.time.components.seconds) + Double(totals.time.components.attoseconds) / 1e18
            print("pages \(totals.pages) failed \(failures) bytes \(totals.bytes) paragraphs \(totals.paragraphs) "
                + "extract_seconds \(String(format: "%.3f", seconds))")
        }
        if failures > 0 { throw ExitCode(1) }
    }

    private func report(_ line: String) {
        FileHandle.standardError.write(Data("feedd extract: \(line)\n".utf8))
    }
}

/// Where `feedd extract` reads a page from: a file, or standard input for `-`. (A URL, fetched
/// through the daemon's HTTP client, would be one more case here.)
enum PageInput {
    struct Failure: Error {
        var message: String
    }

    static func read(_ argument: String) throws(Failure) -> [UInt8] {
        if argument == "-" { return readAll(STDIN_FILENO) }
        let descriptor = open(argument, O_RDONLY)
        guard descriptor >= 0 else { throw Failure(message: "cannot read: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw Failure(message: "cannot read: not a regular file")
        }
        return readAll(descriptor)
    }

    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            bytes.append(contentsOf: chunk[..<got])
        }
        return bytes
    }
}

import ArgumentParser
import ArticleCapture
import ArticleExtraction
import FeedDaemon
import FeedURL
import Foundation
import Glibc
import HTTPFetching

/// `feedd extract FILE|URL...`: extracts the article from HTML pages, saved or fetched, and prints
/// each as one JSON object (one line per page).
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article from HTML pages and print each as one line of JSON.",
        discussion: """
            Prints canonical_url, title, byline, published \
            (UTC, or null), text (paragraphs separated by a blank line), captions, image, lang. \
            A URL is fetched as the daemon fetches an item's page, and canonical_url is the key the \
            daemon would archive it under: its rel=canonical, else og:url, else the final URL, a \
            claim on another site taken only when that page names itself canonical and has the same \
            headline. For a file, canonical_url is its rel=canonical, else og:url, else --url, \
            unchecked (no network). Exit status 0 when every page gave an article; otherwise 1, with one line on stderr \
            per failed page naming it and the cause. --stats prints totals and timings instead.
            """
    )

    @Option(name: .customLong("url"), help: "The URL the page was fetched from (after redirects); relative links resolve against it.")
    var url: String?

    @Option(name: .customLong("content-type"), help: "The HTTP Content-Type it was served with (its charset wins over the page's).")
    var contentType: String?

    @Flag(help: "Print pages, bytes, paragraphs and the CPU time of extraction instead of JSON.")
    var stats = false

    @Argument(help: "HTML files to read, - for standard input, or http(s) URLs to fetch.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one FILE (or - for standard input)") }
    }

    func run() async throws {
        let extractor = ArticleExtractor()
        var failures = 0
        var totals = (pages: 0, bytes: 0, paragraphs: 0, cpu: 0.0)
        var client: HTTPClient?
        defer { client?.shutdown() }
        for file in files {
            if ParseCommand.isURL(file) {
                if client == nil { client = try? HTTPClient(options: FetchOptions(userAgent: ConfigLoader.defaultUserAgent)) }
                guard let client, await fetched(file, with: client) else {
                    failures += 1
                    continue
                }
                continue
            }
            let page: [UInt8]
            do {
                page = try PageInput.read(file)
            } catch {
                failures += 1
                report("\(file): \(error.message)")
                continue
            }
            let context = PageContext(url: url ?? "", contentType: contentType)
            let started = Self.cpuSeconds()
            do {
                let article = try extractor.extract(page, context: context)
                totals.cpu += Self.cpuSeconds() - started
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
            print("pages \(totals.pages) failed \(failures) bytes \(totals.bytes) paragraphs \(totals.paragraphs) "
                + "extract_cpu_seconds \(String(format: "%.3f", totals.cpu))")
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// Fetches and extracts `url` as the daemon would, printing its JSON; false (reported) on failure.
    private func fetched(_ url: String, with client: HTTPClient) async -> Bool {
        let capturer = PageCapturer(client: client, canonicalizer: URLCanonicalizer(), options: CaptureOptions())
        let captured = await capturer.capture(link: url, trust: .configured)
        guard case .ok = captured.status, let article = captured.article else {
            if case .failed(let cause) = captured.status { report("\(url): \(cause)") } else { report("\(url): cancelled") }
            return false
        }
        if !stats {
            let line = ArticleJSON.render(article, pageURL: captured.finalURL, canonicalURL: captured.canonicalURL)
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        return true
    }

    /// CPU time of this thread: the measure for --stats (wall time on a shared machine is noise).
    private static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private func report(_ line: String) {
        FileHandle.standardError.write(Data("feedd extract: \(line)\n".utf8))
    }
}

/// Where `feedd extract` reads a saved page from: a file, or standard input for `-`.
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
        return readAll(descriptor, expected: Int(status.st_size))
    }

    private static func readAll(_ descriptor: Int32, expected: Int = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(expected + 1)
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

import FeedParsing
import Foundation
import Testing

/// Inputs that broke a property of the parser fuzzer (Fuzz/README.md), kept in
/// `Fixtures/fuzz/` as the fuzzer reads them: a first line with Content-Type, URL,
/// Content-Location and limits (`depth,entries,fieldBytes`) separated by tabs, then the
/// document. Each is replayed with what its fix made the parse give.
@Suite struct FuzzRegressionTests {
    struct Finding: Sendable, CustomTestStringConvertible {
        /// The file in `Fixtures/fuzz/`.
        var file: String
        /// How many entries the parse gives.
        var entries: Int
        /// Text of a problem the parse reports, if it must report one.
        var problem: String?

        var testDescription: String { file }
    }

    static let findings = [
        // A 12 KB xml:base copied into 600 relative entry links: 28 KB in, 7 MB of links out.
        Finding(file: "long-base-times-entry-links.xml", entries: 600, problem: "links unresolved"),
        // The same base copied into 800 relative links in one description: 25 KB in, 9 MB out.
        Finding(file: "long-base-times-html-links.xml", entries: 1, problem: "links unresolved"),
        // A 12 KB document URL taken by 800 empty Atom hrefs: 36 KB in, 10 MB out.
        Finding(file: "long-url-times-empty-hrefs.xml", entries: 400, problem: "links unresolved"),
        // A JSON Feed kept the default 10,000 entries whatever limit the parser was given.
        Finding(file: "json-feed-past-entry-limit.json", entries: 1, problem: "kept the first 1 of 2 items"),
        // XHTML content whose markup did not count toward the field limit: 17 KB under a 40-byte limit.
        Finding(file: "xhtml-markup-past-field-limit.xml", entries: 1, problem: "cut short"),
        // HTML content whose last byte is "<": the script check read the byte after the buffer
        // (AddressSanitizer: heap-buffer-overflow). HTMLScriptRemovalTests pins it without ASan.
        Finding(file: "html-content-ending-in-lt.xml", entries: 1),
    ]

    static let directory = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/fuzz")

    /// The context line split off the document, as the fuzzer splits it.
    static func read(_ file: String) throws -> (DocumentContext, ParserLimits, [UInt8]) {
        let bytes = try [UInt8](Data(contentsOf: #require(directory).appendingPathComponent(file)))
        let lineEnd = try #require(bytes.firstIndex(of: 0x0A), "\(file) has no context line")
        let fields = bytes[..<lineEnd].split(separator: 0x09, omittingEmptySubsequences: false)
            .map { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
        func field(_ index: Int) -> String? { index < fields.count ? fields[index] : nil }
        let bounds = (field(3) ?? "").split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        let defaults = ParserLimits()
        func bound(_ index: Int, _ ceiling: Int) -> Int {
            index < bounds.count ? max(0, min(bounds[index] ?? ceiling, ceiling)) : ceiling
        }
        return (DocumentContext(url: field(1), contentType: field(0), contentLocation: field(2)),
                ParserLimits(maxDepth: bound(0, defaults.maxDepth), maxEntries: bound(1, defaults.maxEntries),
                             maxFieldBytes: bound(2, defaults.maxFieldBytes)),
                Array(bytes[(lineEnd + 1)...]))
    }

    @Test(arguments: findings)
    func findingParsesWithinBounds(_ finding: Finding) throws {
        let (context, limits, document) = try Self.read(finding.file)
        let feed = try FeedParser(limits: limits).parse(document, context: context)
        #expect(feed.entries.count == finding.entries)
        if let problem = finding.problem {
            #expect(feed.recoveredProblems.contains { $0.contains(problem) }, "\(feed.recoveredProblems)")
        }
        // A field holds at most the limit, escaped as markup (six bytes for one) and closed by
        // end tags, plus what link resolution may write when there is a base.
        let mayHaveBase = context.url != nil || String(decoding: document, as: UTF8.self).lowercased().contains("base")
        let fieldBound = 8 * limits.maxFieldBytes + 64 + (mayHaveBase ? (1 << 20) + 4 * document.count : 0)
        for entry in feed.entries {
            for field in [entry.id, entry.title, entry.link, entry.author, entry.summary, entry.content] {
                #expect((field?.utf8.count ?? 0) <= fieldBound)
            }
        }
        // Link resolution writes at most 1 MiB and four times the document; the text itself
        // is about the document's size.
        let inputSize = document.count + (context.url?.utf8.count ?? 0)
        let json = FeedJSON.render(feed)
        #expect(json.utf8.count <= (1 << 20) + 8 * inputSize)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((object?["entries"] as? [Any])?.count == finding.entries)
        for entry in feed.entries {
            _ = entry.summary.map(HTMLText.plainText)
        }
    }

    @Test func everyFixtureHasAFinding() throws {
        let directory = try #require(Self.directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(Set(files) == Set(Self.findings.map(\.file)))
    }
}

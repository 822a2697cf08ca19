import ArticleExtraction
import Foundation
import Testing
import TestSupport

/// The extractor on the shared development pages (../shared/articles), scored as the shared
/// scorers score it. Skipped, saying so, when the material is not there.
@Suite struct SharedPageTests {
    static let articles = (SharedMaterial.directory as NSString).appendingPathComponent("articles")
    static let available = FileManager.default.fileExists(atPath: articles + "/scrapinghub-dev/ground-truth.json")

    /// The floor: on these pages readability.js scores 0.953, trafilatura 0.949 and
    /// rs_trafilatura 0.969; we measured 0.975. Falling under 0.96 means a change gave away
    /// most of the lead over the peers.
    @Test(.enabled(if: available, "shared/articles/scrapinghub-dev not found (set FEEDD_SHARED): main-text F1 not checked"))
    func mainTextF1OnScrapinghubDev() throws {
        let directory = Self.articles + "/scrapinghub-dev"
        let truthData = try Data(contentsOf: URL(fileURLWithPath: directory + "/ground-truth.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: [String: Any]])
        let extractor = ArticleExtractor()
        var score = ShingleScore()
        for (id, entry) in truth.sorted(by: { $0.key < $1.key }) {
            let expected = try #require(entry["articleBody"] as? String)
            let page = try Gunzip.read(directory + "/html/\(id).html.gz")
            let article = try extractor.extract(page, context: PageContext(url: entry["url"] as? String ?? ""))
            score.add(predicted: article.text, expected: expected)
        }
        print("scrapinghub-dev: \(score.pages) pages, P \(score.precision), R \(score.recall), F1 \(score.f1)")
        #expect(score.pages == truth.count)
        #expect(score.f1 >= 0.96, "main-text F1 \(score.f1) (P \(score.precision), R \(score.recall))")
    }

    /// Floors under what we measured (titles 59/59, bylines 22/31, as score_meta.py compares
    /// them): Readability's own answers are the expected values, and its bylines follow its
    /// rules (JSON-LD names first) where ours keep the line as printed when it names the author.
    @Test(.enabled(if: available, "shared/articles/readability-meta-dev not found (set FEEDD_SHARED): metadata not checked"))
    func metadataOnReadabilityDev() throws {
        let directory = Self.articles + "/readability-meta-dev"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        let extractor = ArticleExtractor()
        var scored = (title: 0, byline: 0), correct = (title: 0, byline: 0)
        for name in names {
            let folder = directory + "/" + name
            guard let page = FileManager.default.contents(atPath: folder + "/source.html"),
                  let metaData = FileManager.default.contents(atPath: folder + "/expected-metadata.json"),
                  let expected = try JSONSerialization.jsonObject(with: metaData) as? [String: Any] else { continue }
            let article = try extractor.extract(Array(page), context: PageContext(url: "http://fakehost/test/page.html"))
            if let title = expected["title"] as? String, !title.isEmpty {
                scored.title += 1
                if Self.folded(title) == Self.folded(article.title ?? "") { correct.title += 1 }
            }
            if let byline = expected["byline"] as? String, !byline.isEmpty {
                scored.byline += 1
                if Self.folded(byline) == Self.folded(article.byline ?? "") { correct.byline += 1 }
            }
        }
        print("readability-meta-dev: title \(correct.title)/\(scored.title), byline \(correct.byline)/\(scored.byline)")
        #expect(scored.title > 50)
        #expect(Double(correct.title) / Double(scored.title) >= 0.95)
        #expect(Double(correct.byline) / Double(scored.byline) >= 0.6)
    }

    private static func folded(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}

/// score.py's metric: 4-token shingles of `\w+` tokens, per-page tp/fp/fn normalised to sum 1,
/// averaged, then precision, recall and F1 from the averages.
struct ShingleScore {
    private var tp = 0.0, fp = 0.0, fn = 0.0
    private(set) var pages = 0

    mutating func add(predicted: String, expected: String) {
        let got = Self.shingles(predicted), want = Self.shingles(expected)
        var common = 0
        for (shingle, count) in got { common += min(count, want[shingle] ?? 0) }
        let pageTP = Double(common)
        let pageFP = Double(got.values.reduce(0, +) - common)
        let pageFN = Double(want.values.reduce(0, +) - common)
        let total = pageTP + pageFP + pageFN
        if total == 0 {
            tp += 1
        } else {
            tp += pageTP / total
            fp += pageFP / total
            fn += pageFN / total
        }
        pages += 1
    }

    var precision: Double { tp + fp > 0 ? tp / (tp + fp) : 0 }
    var recall: Double { tp + fn > 0 ? tp / (tp + fn) : 0 }
    var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }

    /// Python's `\w`: letters, digits and numbers of any script, and `_`.
    static func tokens(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        var start: String.Index?
        var index = text.startIndex
        for scalar in text.unicodeScalars {
            let next = text.unicodeScalars.index(after: index)
            if isWord(scalar) {
                if start == nil { start = index }
            } else if let begun = start {
                tokens.append(text[begun ..< index])
                start = nil
            }
            index = next
        }
        if let begun = start { tokens.append(text[begun...]) }
        return tokens
    }

    private static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func shingles(_ text: String) -> [[Substring]: Int] {
        let words = tokens(text)
        var counts: [[Substring]: Int] = [:]
        if words.isEmpty { return counts }
        if words.count < 4 {
            counts[words] = 1
            return counts
        }
        for start in 0 ... words.count - 4 { counts[Array(words[start ..< start + 4]), default: 0] += 1 }
        return counts
    }
}

/// Reads a gzip file through the system's `gzip -dc`.
enum Gunzip {
    static func read(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return Array(data)
    }
}

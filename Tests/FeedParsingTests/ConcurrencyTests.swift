import Foundation
import Testing
@testable import FeedParsing

/// The daemon parses feeds on several threads at once: results must not depend on it.
@Suite struct ConcurrencyTests {
    /// Everything the archive takes from a document: the JSON and each entry's plain text.
    static func render(_ document: [UInt8], with parser: FeedParser) -> String? {
        guard let feed = try? parser.parse(document) else { return nil }
        let texts = feed.entries.map { HTMLText.plainText($0.content ?? $0.summary ?? "") }
        return FeedJSON.render(feed) + texts.joined(separator: "\u{1}")
    }

    @Test func parallelParsesGiveTheSequentialResults() async throws {
        // The repository's sample always; the shared real-world feeds too when they are there.
        let named = try SampleDocuments.all() + SampleDocuments.sharedRealWorld()
        let documents = named.map(\.bytes)
        let parser = FeedParser()
        let sequential = documents.map { Self.render($0, with: parser) }
        let rounds = 4
        let parallel = await withTaskGroup(of: (Int, String?).self) { group in
            for round in 0..<rounds {
                for (index, document) in documents.enumerated() {
                    group.addTask { (round * documents.count + index, Self.render(document, with: parser)) }
                }
            }
            var results = [String?](repeating: nil, count: documents.count * rounds)
            for await (index, rendered) in group { results[index] = rendered }
            return results
        }
        for (index, rendered) in parallel.enumerated() {
            #expect(rendered == sequential[index % documents.count], "\(named[index % documents.count].name) differs")
        }
    }
}

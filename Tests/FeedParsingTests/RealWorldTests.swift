import Foundation
import Testing
import TestSupport
@testable import FeedParsing

/// The 80 captured real-world feeds: each parses, and the well-formed ones give at least as
/// many entries as feedparser (the MANIFEST's `fp_entries`), each with a link where it did.
/// Skipped, saying so, without the shared material.
@Suite(.enabled(if: SharedMaterial.has("realworld/MANIFEST.tsv"), Comment(rawValue: SharedMaterial.skipReason("realworld/"))))
struct RealWorldTests {
    struct Row {
        var file: String
        var entries: Int
        var entriesWithLink: Int
        var wellFormed: Bool
    }

    static func manifest() throws -> (URL, [Row]) {
        let directory = URL(fileURLWithPath: try SharedMaterial.path("realworld"))
        let text = try String(contentsOf: directory.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        func column(_ name: String) -> Int { header.firstIndex(of: name) ?? 0 }
        let rows = lines.filter { $0.count == header.count }.map { fields in
            Row(file: fields[column("file")], entries: Int(fields[column("fp_entries")]) ?? 0,
                entriesWithLink: Int(fields[column("fp_entries_with_link")]) ?? 0,
                wellFormed: fields[column("fp_bozo")].isEmpty)
        }
        return (directory.appendingPathComponent("feeds"), rows)
    }

    @Test func everyFeedParsesWithAtLeastFeedparsersEntries() throws {
        let (feeds, rows) = try Self.manifest()
        #expect(rows.count == 80)
        for row in rows {
            let document = [UInt8](try Data(contentsOf: feeds.appendingPathComponent(row.file)))
            let feed: ParsedFeed
            do {
                feed = try FeedParser().parse(document)
            } catch {
                // Only the truncated document may be unreadable; it has no entries to find.
                #expect(row.entries == 0, "\(row.file): \(error)")
                continue
            }
            #expect(feed.entries.count >= row.entries, "\(row.file): \(feed.entries.count) entries, feedparser \(row.entries)")
            let withLink = feed.entries.filter { $0.link != nil }.count
            #expect(withLink >= row.entriesWithLink, "\(row.file): \(withLink) entries with a link, feedparser \(row.entriesWithLink)")
            if row.wellFormed {
                #expect(feed.title != nil || feed.entries.contains { $0.title != nil }, "\(row.file): nothing titled")
            }
        }
    }
}

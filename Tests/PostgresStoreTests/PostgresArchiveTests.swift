import FeedArchive
import Foundation
import PostgresStore
import TestSupport
import Testing

/// The archive in a real PostgreSQL server: one row per dedup key, outcomes per caller, aliases.
@Suite(.serialized, .enabled(if: TestPostgres.isAvailable, "\(TestPostgres.unavailableReason)"))
struct PostgresArchiveTests {
    @Test func archivesEachCanonicalURLOnceAndReadsEveryFieldBack() async throws {
        try await withDatabase { database in
            let archive = PostgresArchive(database: database, node: "node-a")
            var rich = makeRecord(1)
            rich.categories = ["a \"quoted\" one", "back\\slash", "{braces},commas", ""]
            rich.enclosures = [ArchivedEnclosure(url: "https://news.example/a.mp3", type: "audio/mpeg", length: "123"),
                               ArchivedEnclosure(url: "https://news.example/b.jpg", type: nil, length: nil)]
            rich.article = ArchivedArticle(status: "ok", url: "https://news.example/item/1", title: "Headline", byline: "By A",
                                           published: Date(timeIntervalSince1970: 1_780_000_000), text: "One.\n\nTwo.",
                                           captions: ["A caption"], image: "https://news.example/i.jpg", lang: "en")
            rich.updated = Date(timeIntervalSince1970: 1_780_000_500)
            rich.summary = "nul \u{0} inside"
            let first = try await archive.archive([ArchiveEntry(record: rich), ArchiveEntry(record: makeRecord(2)),
                                                   ArchiveEntry(record: makeRecord(1, title: "again"))])
            #expect(first == [.archived, .archived, .duplicate])
            // http and https of one URL are one item, as in the local archive.
            let second = try await archive.archive([ArchiveEntry(record: makeRecord(2, canonicalURL: "http://news.example/item/2")),
                                                    ArchiveEntry(record: makeRecord(3))])
            #expect(second == [.duplicate, .archived])
            #expect(try await archive.knows(["https://news.example/item/1", "http://news.example/item/3", "https://news.example/item/9"])
                    == [true, true, false])

            let stored = try ItemReader(database: database).all()
            #expect(stored.map(\.title) == ["Item 1", "Item 2", "Item 3"])
            var expected = rich
            expected.summary = "nul \u{FFFD} inside"
            #expect(stored.first == expected)
            await archive.close()
        }
    }

    @Test func aliasesAreKnownAndKeptOnce() async throws {
        try await withDatabase { database in
            let archive = PostgresArchive(database: database, node: "node-a")
            let entry = ArchiveEntry(record: makeRecord(1, canonicalURL: "https://news.example/story"),
                                     aliases: ["https://news.example/r/1", "https://news.example/story"])
            #expect(try await archive.archive([entry]) == [.archived])
            #expect(try await archive.knows(["https://news.example/r/1", "http://news.example/r/1"]) == [true, true])
            // A duplicate still records its new aliases.
            let again = ArchiveEntry(record: makeRecord(2, canonicalURL: "https://news.example/story"),
                                     aliases: ["https://news.example/amp/1", "https://news.example/r/1"])
            #expect(try await archive.archive([again]) == [.duplicate])
            let aliases = try ItemReader(database: database).aliases()
            #expect(aliases.map(\.alias) == ["https://news.example/amp/1", "https://news.example/r/1"])
            #expect(Set(aliases.map(\.canonicalURL)) == ["https://news.example/story"])
            await archive.close()
        }
    }

    @Test func concurrentCallersFromTwoNodesArchiveEachItemOnce() async throws {
        try await withDatabase { database, uri in
            let other = DatabaseQueue(uri: uri)
            let archives = [PostgresArchive(database: database, node: "a"), PostgresArchive(database: other, node: "b")]
            // 40 callers on two connections, overlapping key sets in different orders.
            let outcomes = try await withThrowingTaskGroup(of: [(Int, ArchiveOutcome)].self) { group in
                for caller in 0..<40 {
                    group.addTask {
                        let numbers = (0..<50).map { ($0 * 7 + caller * 13) % 300 }
                        let result = try await archives[caller % 2].archive(numbers.map { ArchiveEntry(record: makeRecord($0)) })
                        return Array(zip(numbers, result))
                    }
                }
                var all: [(Int, ArchiveOutcome)] = []
                for try await part in group { all += part }
                return all
            }
            let archivedNumbers = outcomes.filter { $0.1 == .archived }.map(\.0)
            #expect(archivedNumbers.count == Set(archivedNumbers).count, "an item reported archived twice")
            let stored = try ItemReader(database: database).all()
            #expect(stored.count == Set(outcomes.map(\.0)).count)
            #expect(Set(archivedNumbers).count == stored.count)
            for archive in archives { await archive.close() }
        }
    }

    @Test func aBatchWithAKeyAnotherNodeHasKeepsItsNewItems() async throws {
        try await withDatabase { database, uri in
            let first = PostgresArchive(database: database, node: "a")
            #expect(try await first.archive([ArchiveEntry(record: makeRecord(1))]) == [.archived])
            // The other node has not seen item 1: its straight copy meets the unique key, and the
            // round goes again through the staging table, archiving only what is new.
            let second = PostgresArchive(database: DatabaseQueue(uri: uri), node: "b")
            let outcomes = try await second.archive([ArchiveEntry(record: makeRecord(4)), ArchiveEntry(record: makeRecord(1, title: "again")),
                                                     ArchiveEntry(record: makeRecord(5), aliases: ["https://news.example/r/5"])])
            #expect(outcomes == [.archived, .duplicate, .archived])
            let stored = try ItemReader(database: database).all()
            #expect(stored.map(\.title) == ["Item 1", "Item 4", "Item 5"])
            #expect(try ItemReader(database: database).aliases().map(\.alias) == ["https://news.example/r/5"])
            // Both nodes now know every key, without asking the server again.
            #expect(try await second.knows(["https://news.example/item/1", "https://news.example/r/5", "https://news.example/item/6"])
                    == [true, true, false])
            await first.close()
            await second.close()
        }
    }

    /// On a feed's first poll a node answers from what it knows and skips the server; an item
    /// another node archived is then refused by the insert and reported as a duplicate.
    @Test func firstSightAnswersLocallyAndTheInsertStillRefusesDuplicates() async throws {
        try await withDatabase { database, uri in
            let first = PostgresArchive(database: database, node: "a")
            #expect(try await first.archive([ArchiveEntry(record: makeRecord(1))]) == [.archived])
            let second = PostgresArchive(database: DatabaseQueue(uri: uri), node: "b")
            let keys = ["https://news.example/item/1", "https://news.example/item/2"]
            let unasked: [Bool] = try await second.knows([keys[0]], firstSight: true)
            #expect(unasked == [false])
            let entries = [ArchiveEntry(record: makeRecord(1, title: "again")), ArchiveEntry(record: makeRecord(2))]
            let outcomes: [ArchiveOutcome] = try await second.archive(entries)
            #expect(outcomes == [.duplicate, .archived])
            // What it has now met, it knows without the server, first sight or not.
            let met: [Bool] = try await second.knows(keys, firstSight: true)
            #expect(met == [true, true])
            let titles = try ItemReader(database: database).all().map(\.title)
            #expect(titles == ["Item 1", "Item 2"])
            await first.close()
            await second.close()
        }
    }

    @Test func aClosedArchiveRefusesWrites() async throws {
        try await withDatabase { database in
            let archive = PostgresArchive(database: database, node: "a")
            await archive.close()
            await #expect(throws: ArchiveError.self) { try await archive.archive([ArchiveEntry(record: makeRecord(1))]) }
        }
    }
}

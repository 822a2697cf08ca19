import Foundation
import TestSupport
import Testing
@testable import FeedArchive

/// The on-disk seen-index: run files, their lookups, merges, checkpoints.
struct SeenIndexTests {
    private let hasher = DedupKeyHasher(sipHash: SipHash128(key0: 1, key1: 2))

    private func writeRun(_ keys: [SeenKey], at path: String) throws -> SeenRun {
        let writer = try SeenRunWriter(path: path, hasher: hasher, capacity: keys.count)
        for key in keys.sorted() { try writer.add(key) }
        _ = try writer.finish()
        return try SeenRun(path: path, hasher: hasher)
    }

    @Test(arguments: [0, 1, 255, 4096, 4097, 50_000])
    func aRunFindsExactlyItsKeys(count: Int) throws {
        let directory = try TemporaryDirectory(prefix: "feedd-run")
        defer { directory.remove() }
        let keys = (0 ..< count).map { testKey($0 * 2) }
        let run = try writeRun(keys + keys.prefix(10), at: directory.path + "/run.seen")
        #expect(run.keyCount == count)
        for key in keys { #expect(run.contains(key)) }
        // Keys between the run's keys, and keys sharing a `high` word with one of them.
        let absent = (0 ..< max(count, 1000)).map { testKey($0 * 2 + 1) }
        #expect(absent.filter(run.contains).isEmpty)
        #expect(try run.keys(from: 0, count: count + 5) == keys.sorted())
    }

    @Test func aRunRefusesAnotherHashKeyAndAWrongSize() throws {
        let directory = try TemporaryDirectory(prefix: "feedd-run")
        defer { directory.remove() }
        let path = directory.path + "/run.seen"
        _ = try writeRun((0 ..< 100).map(testKey), at: path)
        #expect(throws: ArchiveError.self) {
            try SeenRun(path: path, hasher: DedupKeyHasher(sipHash: SipHash128(key0: 9, key1: 9)))
        }
        try appendRaw("x", toFileAt: path)
        #expect(throws: ArchiveError.self) { try SeenRun(path: path, hasher: hasher) }
    }

    @Test func mergingRunsGivesTheirUnion() throws {
        let directory = try TemporaryDirectory(prefix: "feedd-run")
        defer { directory.remove() }
        let first = try writeRun((0 ..< 9000).map(testKey), at: directory.path + "/a.seen")
        let second = try writeRun((5000 ..< 12_000).map(testKey), at: directory.path + "/b.seen")
        let merged = try #require(try SeenRunMerger.merge([first, second], into: directory.path + "/c.seen", hasher: hasher))
        #expect(merged.keyCount == 12_000)
        #expect(try merged.keys(from: 0, count: 12_000) == (0 ..< 12_000).map(testKey).sorted())
        #expect((12_000 ..< 13_000).map(testKey).filter(merged.contains).isEmpty)
        // A merge told to stop leaves nothing behind.
        #expect(try SeenRunMerger.merge([first, second], into: directory.path + "/d.seen", hasher: hasher, stop: { true }) == nil)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/d.seen"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/d.seen.tmp"))
    }

    @Test func mergesKeepRunSizesSpreadOut() throws {
        let directory = try TemporaryDirectory(prefix: "feedd-run")
        defer { directory.remove() }
        func runs(_ sizes: [Int]) throws -> [SeenRun] {
            var next = 0
            return try sizes.enumerated().map { index, size in
                defer { next += size }
                return try writeRun((next ..< next + size).map(testKey), at: directory.path + "/\(index)-\(sizes.count).seen")
            }
        }
        #expect(SeenIndex.mergeCandidates(try runs([1000])) == nil)
        #expect(SeenIndex.mergeCandidates(try runs([1000, 100]))  == nil)
        #expect(SeenIndex.mergeCandidates(try runs([1000, 300]))?.map(\.keyCount) == [1000, 300])
        #expect(SeenIndex.mergeCandidates(try runs([5000, 300, 100]))?.map(\.keyCount) == [300, 100])
    }

    /// Many small checkpoints: every key stays findable through checkpoints and background
    /// merges, the runs stay few, and a reopen reads no tail.
    @Test func checkpointsAndMergesLoseNothing() async throws {
        try await withTemporaryState { state in
            var options = ArchiveOptions()
            options.indexCheckpointKeys = 50
            let archive = try Archive.open(stateDirectory: state, options: options)
            for block in 0 ..< 40 {
                let records = (0 ..< 37).map { makeRecord(block * 37 + $0) }
                #expect(try await archive.append(records).count == 37)
                #expect(try await archive.append([makeRecord(block * 37 / 2)]).isEmpty)
            }
            let status = await archive.status()
            #expect(status.distinctKeyCount == 40 * 37)
            await archive.close()
            let log = LogLines()
            let reopened = try Archive.open(stateDirectory: state, options: options, log: log.sink)
            #expect(await reopened.itemCount == 40 * 37)
            #expect(try await reopened.append((0 ..< 40 * 37).map { makeRecord($0) }).isEmpty)
            let runs = await reopened.status().indexRunCount
            #expect(runs >= 1 && runs <= 6, "\(runs) runs")
            await reopened.close()
            #expect(log.all.isEmpty, "\(log.all)")
        }
    }

    @Test func aliasesAreKnownAndSurviveARebuild() async throws {
        try await withTemporaryState { state in
            let archive = try Archive.open(stateDirectory: state)
            let original = makeRecord(1, canonicalURL: "https://origin.example/story")
            let outcomes = try await archive.archive([
                ArchiveEntry(record: original, aliases: ["https://news.example/r/1"]),
                ArchiveEntry(record: makeRecord(2, canonicalURL: "https://origin.example/story"),
                             aliases: ["https://aggregator.example/copy"]),
            ])
            #expect(outcomes == [.archived, .duplicate])
            #expect(await archive.knows(["https://news.example/r/1", "https://aggregator.example/copy",
                                         "https://origin.example/story", "https://news.example/r/2"]) == [true, true, true, false])
            await archive.close()
            #expect(try archiveRecords(in: state).map(\.canonicalURL) == ["https://origin.example/story"])
            _ = try Archive.reindex(stateDirectory: state)
            let reopened = try Archive.open(stateDirectory: state)
            #expect(await reopened.knows(["https://news.example/r/1", "https://aggregator.example/copy"]) == [true, true])
            await reopened.close()
        }
    }
}

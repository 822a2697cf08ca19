import FeedArchive
import Foundation
import TestSupport
import Testing

struct ArchiveDedupTests {
    @Test func dropsDuplicatesWithinABatch() async throws {
        try await withTemporaryState { state in
            let archive = try Archive.open(stateDirectory: state)
            let fresh = try await archive.append([makeRecord(1), makeRecord(2), makeRecord(1, title: "again")])
            #expect(fresh.map(\.title) == ["Item 1", "Item 2"])
            #expect(await archive.itemCount == 2)
            await archive.close()
            #expect(try archiveRecords(in: state) == fresh)
        }
    }

    @Test func dropsWhatEarlierBatchesArchived() async throws {
        try await withTemporaryState { state in
            let archive = try Archive.open(stateDirectory: state)
            _ = try await archive.append([makeRecord(1), makeRecord(2)])
            let fresh = try await archive.append([makeRecord(2), makeRecord(3), makeRecord(1)])
            #expect(fresh == [makeRecord(3)])
            #expect(try await archive.append([]) == [])
            #expect(await archive.contains(canonicalURL: makeRecord(2).canonicalURL))
            #expect(await !archive.contains(canonicalURL: makeRecord(4).canonicalURL))
            await archive.close()
            #expect(try archiveRecords(in: state).map(\.title) == ["Item 1", "Item 2", "Item 3"])
        }
    }

    @Test func remembersAcrossCloseAndReopen() async throws {
        try await withTemporaryState { state in
            let first = try Archive.open(stateDirectory: state)
            _ = try await first.append((1 ... 5).map { makeRecord($0) })
            await first.close()

            let log = LogLines()
            let second = try Archive.open(stateDirectory: state, log: log.sink)
            #expect(await second.itemCount == 5)
            let fresh = try await second.append((4 ... 7).map { makeRecord($0) })
            #expect(fresh.map(\.guid) == ["item-6", "item-7"])
            await second.close()
            #expect(log.all.isEmpty, "a clean reopen repairs and rebuilds nothing")
            #expect(try archiveLines(in: state).count == 7)
        }
    }

    @Test(arguments: [("http://a.example/x", "https://a.example/x"), ("https://a.example/x", "http://a.example/x")])
    func treatsHTTPAndHTTPSAsOneItem(first: String, second: String) async throws {
        try await withTemporaryState { state in
            let archive = try Archive.open(stateDirectory: state)
            #expect(try await archive.append([makeRecord(1, canonicalURL: first)]).count == 1)
            #expect(try await archive.append([makeRecord(2, canonicalURL: second)]).isEmpty)
            // Only the scheme folds: another host or path is another item.
            #expect(try await archive.append([makeRecord(3, canonicalURL: "https://b.example/x")]).count == 1)
            await archive.close()
            #expect(try archiveRecords(in: state).map(\.canonicalURL) == [first, "https://b.example/x"])
        }
    }

    @Test func rotatesBySizeAndDedupsAcrossSegments() async throws {
        try await withTemporaryState { state in
            let clock = ManualClock(november2026)
            let options = ArchiveOptions(maxSegmentBytes: 1500, clock: clock.function)
            let archive = try Archive.open(stateDirectory: state, options: options)
            for number in 1 ... 8 {
                #expect(try await archive.append([makeRecord(number)]).count == 1)
            }
            await archive.close()
            let names = try segmentNames(in: state)
            #expect(names.count > 2)
            #expect(names.prefix(3) == ["2026-11.jsonl", "2026-11.0001.jsonl", "2026-11.0002.jsonl"])

            let reopened = try Archive.open(stateDirectory: state, options: options)
            #expect(try await reopened.append((1 ... 8).map { makeRecord($0) }).isEmpty)
            #expect(try await reopened.append([makeRecord(9)]).count == 1)
            await reopened.close()
            #expect(try archiveRecords(in: state).map(\.guid) == (1 ... 9).map { "item-\($0)" })
        }
    }

    @Test func rotatesMonthlyAndDedupsAcrossMonths() async throws {
        try await withTemporaryState { state in
            let clock = ManualClock(november2026)
            let options = ArchiveOptions(clock: clock.function)
            let archive = try Archive.open(stateDirectory: state, options: options)
            _ = try await archive.append([makeRecord(1), makeRecord(2)])
            clock.now = december2026
            #expect(try await archive.append([makeRecord(2), makeRecord(3)]) == [makeRecord(3)])
            await archive.close()
            #expect(try segmentNames(in: state) == ["2026-11.jsonl", "2026-12.jsonl"])

            // A clock set back never sends writes to an older segment: order on disk is write order.
            clock.now = november2026
            let reopened = try Archive.open(stateDirectory: state, options: options)
            #expect(try await reopened.append([makeRecord(1), makeRecord(4)]) == [makeRecord(4)])
            await reopened.close()
            #expect(try segmentNames(in: state) == ["2026-11.jsonl", "2026-12.jsonl"])
            #expect(try archiveRecords(in: state).map(\.guid) == ["item-1", "item-2", "item-3", "item-4"])
        }
    }

    @Test func keepsOneSegmentWithoutRotation() async throws {
        try await withTemporaryState { state in
            let clock = ManualClock(november2026)
            let archive = try Archive.open(stateDirectory: state, options: ArchiveOptions(rotateMonthly: false, clock: clock.function))
            _ = try await archive.append([makeRecord(1)])
            clock.now = december2026
            _ = try await archive.append([makeRecord(2)])
            await archive.close()
            #expect(try segmentNames(in: state) == ["2026-11.jsonl"])
        }
    }

    @Test func rejectsNonsenseOptions() throws {
        #expect {
            _ = try Archive.open(stateDirectory: "/nonexistent/never", options: ArchiveOptions(maxSegmentBytes: 0))
        } throws: { error in
            String(describing: error) == "invalid archive options: maxSegmentBytes must be positive, not 0"
        }
    }

    @Test func failsClearlyWhereItCannotCreateItsDirectories() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let blocker = directory.path + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        #expect {
            _ = try Archive.open(stateDirectory: blocker + "/state")
        } throws: { error in
            String(describing: error) == "create directory \(blocker)/state: Not a directory"
        }
    }
}

import FeedArchive
import Foundation
import Testing

struct ArchiveReaderTests {
    @Test func readsEverySegmentInWriteOrder() async throws {
        try await withTemporaryState { state in
            let clock = ManualClock(november2026)
            let options = ArchiveOptions(maxSegmentBytes: 2000, clock: clock.function)
            let archive = try Archive.open(stateDirectory: state, options: options)
            for number in 1 ... 5 { _ = try await archive.append([makeRecord(number)]) }
            clock.now = december2026
            for number in 6 ... 9 { _ = try await archive.append([makeRecord(number)]) }
            await archive.close()

            let names = try segmentNames(in: state)
            #expect(names.first == "2026-11.jsonl" && names.contains("2026-11.0001.jsonl") && names.contains("2026-12.jsonl"))
            #expect(names == names.sorted { SegmentOrder.before($0, $1) })
            #expect(try archiveRecords(in: state).map(\.guid) == (1 ... 9).map { "item-\($0)" })

            var locations: [ArchiveLineLocation] = []
            try ArchiveReader(stateDirectory: state).forEachLine { _, location in locations.append(location) }
            #expect(locations.first == ArchiveLineLocation(segmentPath: state + "/archive/2026-11.jsonl", lineNumber: 1))
            #expect(locations.count == 9)
        }
    }

    @Test func leavesALineStillBeingWrittenForLater() async throws {
        try await withTemporaryState { state in
            let archive = try Archive.open(stateDirectory: state)
            _ = try await archive.append([makeRecord(1), makeRecord(2)])
            await archive.close()
            let segment = try #require(try ArchiveReader(stateDirectory: state).segmentPaths().last)
            let sizeBefore = try fileSize(segment)
            let partial = "{\"v\":1,\"canonical_url\":\"https://"
            try appendRaw(partial, toFileAt: segment)

            #expect(try archiveRecords(in: state).count == 2)
            #expect(try fileSize(segment) == sizeBefore + partial.utf8.count, "reading repairs nothing")
        }
    }

    @Test func readsLinesLongerThanItsBuffer() async throws {
        try await withTemporaryState { state in
            var huge = makeRecord(1)
            huge.content = String(repeating: "x", count: 9 << 20)
            let archive = try Archive.open(stateDirectory: state)
            _ = try await archive.append([makeRecord(0), huge, makeRecord(2)])
            await archive.close()
            #expect(try archiveRecords(in: state) == [makeRecord(0), huge, makeRecord(2)])
        }
    }

    @Test func readsAnEmptyOrMissingArchiveAsNothing() throws {
        #expect(throws: (any Error).self) { try ArchiveReader(stateDirectory: "/nonexistent/state").segmentPaths() }
        let reader = ArchiveReader(stateDirectory: NSTemporaryDirectory())
        #expect(throws: (any Error).self) { try reader.forEachLine { _, _ in } }
    }
}

/// The expected order of segment file names, spelled out for the test.
private enum SegmentOrder {
    static func before(_ lhs: String, _ rhs: String) -> Bool {
        func key(_ name: String) -> (String, Int) {
            let parts = name.split(separator: ".")
            return (String(parts[0]), parts.count == 3 ? Int(parts[1]) ?? 0 : 0)
        }
        return key(lhs) < key(rhs)
    }
}

@testable import FeedArchive
import Foundation
import Testing
import TestSupport

/// `countRecords(fetchedSince:)` (what `feedd status` shows as the last 24 h) and the backward
/// line reader under it.
struct RecentRecordsTests {
    /// A record fetched at `fetchedAt`, with a title that holds the key's text, to be ignored.
    private func record(_ number: Int, fetchedAt: Date) -> ArchiveRecord {
        var record = makeRecord(number, title: #"Not a key: ,"fetched_at":"9999-12-31T23:59:59Z""#)
        record.fetchedAt = fetchedAt
        return record
    }

    private func append(_ records: [ArchiveRecord], state: String, clock: ManualClock) async throws {
        let archive = try Archive.open(stateDirectory: state, options: ArchiveOptions(clock: clock.function))
        _ = try await archive.append(records)
        await archive.close()
    }

    @Test func countsWhatWasFetchedSinceTheCutoff() async throws {
        try await withTemporaryState { state in
            let now = Date()
            // One item an hour for two days, oldest first, as polls append them.
            let records = (0...48).map { record($0, fetchedAt: now - Double(48 - $0) * 3600) }
            try await append(records, state: state, clock: ManualClock(now))
            let reader = ArchiveReader(stateDirectory: state)
            #expect(try reader.countRecords(fetchedSince: now - 86_400) == 25)
            #expect(try reader.countRecords(fetchedSince: now - 86_400 + 1) == 24)
            #expect(try reader.countRecords(fetchedSince: now - 3 * 86_400) == 49)
            #expect(try reader.countRecords(fetchedSince: now + 60) == 0)
        }
    }

    @Test func recordsAppendedSlightlyOutOfOrderStillCount() async throws {
        try await withTemporaryState { state in
            let now = Date()
            let cutoff = now - 86_400
            // A slow parse appended an older poll's items after a newer one's.
            let records = [record(1, fetchedAt: cutoff - 7200), record(2, fetchedAt: cutoff + 10),
                           record(3, fetchedAt: cutoff - 1800), record(4, fetchedAt: cutoff + 5)]
            try await append(records, state: state, clock: ManualClock(now))
            #expect(try ArchiveReader(stateDirectory: state).countRecords(fetchedSince: cutoff) == 2)
        }
    }

    @Test func readsOnlySegmentsWrittenSinceTheCutoff() async throws {
        try await withTemporaryState { state in
            let now = Date()
            let clock = ManualClock(november2026)
            try await append([record(1, fetchedAt: now)], state: state, clock: clock)
            clock.now = december2026
            try await append([record(2, fetchedAt: now), record(3, fetchedAt: now)], state: state, clock: clock)
            let paths = try ArchiveReader(stateDirectory: state).segmentPaths()
            #expect(paths.count == 2)
            // The November segment was last written three days ago: nothing in it can be recent,
            // so it is not read (its one line, stamped now, is not counted).
            var times = [timeval(tv_sec: Int(now.timeIntervalSince1970) - 3 * 86_400, tv_usec: 0),
                         timeval(tv_sec: Int(now.timeIntervalSince1970) - 3 * 86_400, tv_usec: 0)]
            #expect(utimes(paths[0], &times) == 0)
            #expect(try ArchiveReader(stateDirectory: state).countRecords(fetchedSince: now - 86_400) == 2)
        }
    }

    @Test func skipsForeignLinesAndATornLastLine() async throws {
        try await withTemporaryState { state in
            let now = Date()
            try await append([record(1, fetchedAt: now)], state: state, clock: ManualClock(now))
            let path = try #require(try ArchiveReader(stateDirectory: state).segmentPaths().first)
            try appendRaw("not json at all\n", toFileAt: path)
            try await append([record(2, fetchedAt: now)], state: state, clock: ManualClock(now))
            try appendRaw(#"{"v":1,"canonical_url":"https://x.example/","fetched_at":"2026-"#, toFileAt: path)
            #expect(try ArchiveReader(stateDirectory: state).countRecords(fetchedSince: now - 60) == 2)
        }
    }

    @Test(arguments: [1, 2, 7, 64, 1 << 16])
    func backwardReadingGivesEveryLineInReverse(chunkSize: Int) throws {
        let directory = try TemporaryDirectory(prefix: "feedd-reverse")
        defer { directory.remove() }
        var random = SeededRandom(seed: UInt64(chunkSize))
        let lines = (0..<200).map { index in
            String(repeating: "x", count: Int(random.next() % 300)) + "#\(index)"
        }
        let path = "\(directory.path)/lines"
        try (lines.joined(separator: "\n") + "\nunfinished").write(toFile: path, atomically: true, encoding: .utf8)
        var read: [String] = []
        try ReverseLineReader.forEachLine(path: path, chunkSize: chunkSize) { line in
            read.append(String(decoding: line, as: UTF8.self))
            return true
        }
        #expect(read == lines.reversed())

        var firstThree: [String] = []
        try ReverseLineReader.forEachLine(path: path, chunkSize: chunkSize) { line in
            firstThree.append(String(decoding: line, as: UTF8.self))
            return firstThree.count < 3
        }
        #expect(firstThree == Array(lines.reversed().prefix(3)))
    }

    @Test func aFileWithoutALineFeedHasNoLines() throws {
        let directory = try TemporaryDirectory(prefix: "feedd-reverse")
        defer { directory.remove() }
        for text in ["", "half a line"] {
            let path = "\(directory.path)/lines"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            var count = 0
            try ReverseLineReader.forEachLine(path: path) { _ in
                count += 1
                return true
            }
            #expect(count == 0)
        }
    }
}

import FeedArchive
import Foundation
import Testing

/// What `open` does with a torn archive or a seen-index it cannot trust.
struct ArchiveRecoveryTests {
    /// An archive of records 1…3 in one segment, closed; returns its segment's path.
    private func archiveOfThree(in state: String) async throws -> String {
        let archive = try Archive.open(stateDirectory: state)
        _ = try await archive.append((1 ... 3).map { makeRecord($0) })
        await archive.close()
        return try #require(try ArchiveReader(stateDirectory: state).segmentPaths().last)
    }

    private func indexPath(_ state: String) -> String { state + "/index/seen.idx" }

    /// Reopens, checks records 1…3 are all there and all deduped, and returns what was logged.
    private func reopenAndCheck(_ state: String) async throws -> [String] {
        let log = LogLines()
        let archive = try Archive.open(stateDirectory: state, log: log.sink)
        #expect(try await archive.append((1 ... 3).map { makeRecord($0) }).isEmpty)
        #expect(try await archive.append([makeRecord(4)]) == [makeRecord(4)])
        await archive.close()
        #expect(try archiveRecords(in: state).map(\.guid) == ["item-1", "item-2", "item-3", "item-4"])
        return log.all
    }

    static let tornEnds: [(tail: String, logged: String)] = [
        (String(decoding: makeRecord(4).jsonLine.prefix(40), as: UTF8.self),
         "cut a torn last line (40 bytes without a newline) from the end of"),
        ("{\"v\":1,\"canonical_url\":\u{0}\u{0}\u{0}\n", "cut a last line that is not valid JSON (27 bytes) from the end of"),
        ("garbage\n{\"v\":1,\"cano",
         "cut a torn last line (12 bytes without a newline) and a last line that is not valid JSON (8 bytes)"),
    ]

    @Test(arguments: tornEnds)
    func cutsATornEndAndKeepsEverythingBefore(tail: String, logged: String) async throws {
        try await withTemporaryState { state in
            let segment = try await archiveOfThree(in: state)
            let sizeBefore = try fileSize(segment)
            try appendRaw(tail, toFileAt: segment)

            let log = try await reopenAndCheck(state)
            #expect(log.count == 1)
            #expect(log.first?.contains(logged) == true, "\(log)")
            #expect(log.first?.hasSuffix("\(segment); it now ends after byte \(sizeBefore)") == true, "\(log)")
        }
    }

    @Test func rebuildsAMissingIndex() async throws {
        try await withTemporaryState { state in
            _ = try await archiveOfThree(in: state)
            try FileManager.default.removeItem(atPath: indexPath(state))
            let log = try await reopenAndCheck(state)
            #expect(log == ["archive: rebuilt the seen-index from the archive (the seen-index is missing): 3 lines, 3 distinct items"])
        }
    }

    static let corruptions: [(name: String, damage: @Sendable (String) throws -> Void, logged: String)] = [
        ("truncated mid-record", { path in
            try FileHandle(forWritingTo: URL(fileURLWithPath: path)).truncate(atOffset: UInt64(try fileSize(path) - 5))
        }, "it ends in the middle of a record"),
        ("garbage header", { path in
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.write(contentsOf: Data("GARBAGE!".utf8))
            try handle.close()
        }, "its header is not a seen-index header"),
        ("shorter than a header", { path in
            try Data("FEED".utf8).write(to: URL(fileURLWithPath: path))
        }, "it is shorter than its header (4 bytes)"),
        ("extra records", { path in
            try appendRaw(String(repeating: "0123456789abcdef", count: 2), toFileAt: path)
        }, "the seen-index has 5 records but the archive has 3 lines"),
        ("last record replaced", { path in
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seek(toOffset: UInt64(try fileSize(path) - 16))
            try handle.write(contentsOf: Data("0123456789abcdef".utf8))
            try handle.close()
        }, "its record 3 does not match archive line 3"),
    ]

    @Test(arguments: corruptions)
    func rebuildsACorruptIndex(name: String, damage: @Sendable (String) throws -> Void, logged: String) async throws {
        try await withTemporaryState { state in
            _ = try await archiveOfThree(in: state)
            try damage(indexPath(state))
            let log = try await reopenAndCheck(state)
            #expect(log.count == 1, "\(name)")
            #expect(log.first?.contains("archive: rebuilt the seen-index from the archive") == true, "\(name)")
            #expect(log.first?.contains(logged) == true, "\(name): \(log)")
            // Rebuilt means consistent: the next open has nothing to say.
            let quiet = LogLines()
            await (try Archive.open(stateDirectory: state, log: quiet.sink)).close()
            #expect(quiet.all.isEmpty, "\(name)")
        }
    }

    @Test func opensEvenWhenTheIndexCannotBeWritten() async throws {
        try await withTemporaryState { state in
            _ = try await archiveOfThree(in: state)
            try FileManager.default.removeItem(atPath: indexPath(state))
            // A directory where the new index file must go: every attempt to write it fails.
            try FileManager.default.createDirectory(atPath: indexPath(state) + ".new", withIntermediateDirectories: false)
            let log = try await reopenAndCheck(state)
            #expect(log.count == 2)
            #expect(log.first == "archive: cannot write the seen-index (remove \(indexPath(state)).new: Is a directory); "
                + "carrying on from memory, it will be rebuilt at the next start")

            #expect {
                try Archive.reindex(stateDirectory: state)
            } throws: { error in
                String(describing: error) == "cannot write the seen-index: remove \(indexPath(state)).new: Is a directory"
            }

            try FileManager.default.removeItem(atPath: indexPath(state) + ".new")
            let next = LogLines()
            let archive = try Archive.open(stateDirectory: state, log: next.sink)
            #expect(try await archive.append((1 ... 4).map { makeRecord($0) }).isEmpty)
            await archive.close()
            #expect(next.all.count == 1 && next.all.first?.contains("the seen-index is missing") == true)
        }
    }

    @Test(arguments: [1, 3])
    func catchesUpALaggingIndex(missingRecords: Int) async throws {
        try await withTemporaryState { state in
            _ = try await archiveOfThree(in: state)
            let path = indexPath(state)
            try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                .truncate(atOffset: UInt64(try fileSize(path) - 16 * missingRecords))
            let log = try await reopenAndCheck(state)
            #expect(log == ["archive: the seen-index was \(missingRecords) lines behind the archive; caught up"])
            let quiet = LogLines()
            await (try Archive.open(stateDirectory: state, log: quiet.sink)).close()
            #expect(quiet.all.isEmpty)
        }
    }

    @Test func keepsLinesThatAreNotRecordsAndSaysWhere() async throws {
        try await withTemporaryState { state in
            let segment = try await archiveOfThree(in: state)
            let contents = try String(contentsOfFile: segment, encoding: .utf8)
            var lines = contents.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.insert("{\"not\":\"a record\"}", at: 1)
            try lines.joined(separator: "\n").write(toFile: segment, atomically: false, encoding: .utf8)
            try FileManager.default.removeItem(atPath: indexPath(state))

            let log = LogLines()
            let archive = try Archive.open(stateDirectory: state, log: log.sink)
            #expect(await archive.itemCount == 4)
            #expect(try await archive.append([makeRecord(2), makeRecord(5)]) == [makeRecord(5)])
            await archive.close()
            #expect(log.all.first?.contains("4 lines, 4 distinct items; 1 lines are not archive records and count for nothing (first at \(segment):2)") == true)
            #expect {
                try ArchiveReader(stateDirectory: state).forEachRecord { _ in }
            } throws: { error in
                String(describing: error) == "\(segment):2: not an archive record: missing key \"v\""
            }
        }
    }

    @Test func ignoresAndReportsFilesThatAreNotSegments() async throws {
        try await withTemporaryState { state in
            _ = try await archiveOfThree(in: state)
            try Data("{}\n".utf8).write(to: URL(fileURLWithPath: state + "/archive/notes.txt"))
            let log = try await reopenAndCheck(state)
            #expect(log == ["archive: ignoring \(state)/archive/notes.txt: not a segment name (YYYY-MM[.NNNN].jsonl)"])
        }
    }

    @Test func reindexRebuildsFromTheArchiveUnderTheLock() async throws {
        try await withTemporaryState { state in
            _ = try await archiveOfThree(in: state)
            let running = try Archive.open(stateDirectory: state)
            #expect(throws: ArchiveError.locked(lockPath: state + "/lock", holderPID: getpid())) {
                try Archive.reindex(stateDirectory: state)
            }
            await running.close()

            try appendRaw("{\"v\":1,\"canonical_url\":\"https://news.example/item/9\"", toFileAt: try #require(try ArchiveReader(stateDirectory: state).segmentPaths().last))
            let log = LogLines()
            let summary = try Archive.reindex(stateDirectory: state, log: log.sink)
            #expect(summary == ArchiveIndexSummary(lineCount: 3, distinctKeyCount: 3, invalidLineCount: 0))
            #expect(log.all.count == 2)
            #expect(log.all.last == "archive: rebuilt the seen-index from the archive (reindex requested): 3 lines, 3 distinct items")
            #expect(try await reopenAndCheck(state).isEmpty)
        }
    }
}

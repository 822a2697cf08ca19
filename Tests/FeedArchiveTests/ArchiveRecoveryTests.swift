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

    private func manifestPath(_ state: String) -> String { state + "/index/manifest.json" }

    /// The run files of the index, oldest first.
    private func runPaths(_ state: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: state + "/index").filter { $0.hasSuffix(".seen") }.sorted()
            .map { state + "/index/" + $0 }
    }

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
            try FileManager.default.removeItem(atPath: manifestPath(state))
            let log = try await reopenAndCheck(state)
            #expect(log == ["archive: rebuilt the seen-index from the archive (the seen-index is missing): 3 lines, 3 distinct items"])
        }
    }

    /// A rebuild reports its progress; a first start, with no archive yet, has nothing to report.
    @Test func rebuildProgressOnlyWhenThereIsAnArchive() async throws {
        try await withTemporaryState { state in
            let reports = LogLines()
            let fresh = try Archive.open(stateDirectory: state, progress: { reports.sink("\($0.lines)") })
            await fresh.close()
            #expect(reports.all.isEmpty, "\(reports.all)")

            _ = try await archiveOfThree(in: state)
            try FileManager.default.removeItem(atPath: manifestPath(state))
            let reopened = try Archive.open(stateDirectory: state, progress: { reports.sink("\($0.lines)") })
            await reopened.close()
            #expect(reports.all.first == "0", "\(reports.all)")
        }
    }

    static let corruptions: [(name: String, damage: @Sendable (String) throws -> Void, logged: String)] = [
        ("manifest garbage", { state in
            try Data("GARBAGE!".utf8).write(to: URL(fileURLWithPath: state + "/index/manifest.json"))
        }, "manifest.json is not a manifest"),
        ("run truncated", { state in
            let run = try #require(try FileManager.default.contentsOfDirectory(atPath: state + "/index").first { $0.hasSuffix(".seen") })
            let path = state + "/index/" + run
            try FileHandle(forWritingTo: URL(fileURLWithPath: path)).truncate(atOffset: UInt64(try fileSize(path) - 5))
        }, "bytes where its header says"),
        ("run header garbage", { state in
            let run = try #require(try FileManager.default.contentsOfDirectory(atPath: state + "/index").first { $0.hasSuffix(".seen") })
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: state + "/index/" + run))
            try handle.write(contentsOf: Data("GARBAGE!".utf8))
            try handle.close()
        }, "its header is not a run header"),
        ("run missing", { state in
            let run = try #require(try FileManager.default.contentsOfDirectory(atPath: state + "/index").first { $0.hasSuffix(".seen") })
            try FileManager.default.removeItem(atPath: state + "/index/" + run)
        }, "No such file or directory"),
        ("segment shorter than covered", { state in
            let segment = try #require(try ArchiveReader(stateDirectory: state).segmentPaths().last)
            let text = try String(contentsOfFile: segment, encoding: .utf8)
            try text.replacingOccurrences(of: "Summary of item 1.", with: "S1").write(toFile: segment, atomically: false, encoding: .utf8)
        }, "where the index covers"),
        ("last line replaced", { state in
            let segment = try #require(try ArchiveReader(stateDirectory: state).segmentPaths().last)
            var lines = try String(contentsOfFile: segment, encoding: .utf8).split(separator: "\n").map(String.init)
            lines[2] = lines[2].replacingOccurrences(of: "Item 3", with: "Item X")
            try (lines.joined(separator: "\n") + "\n").write(toFile: segment, atomically: false, encoding: .utf8)
        }, "the last line it covers in"),
    ]

    @Test(arguments: corruptions)
    func rebuildsACorruptIndex(name: String, damage: @Sendable (String) throws -> Void, logged: String) async throws {
        try await withTemporaryState { state in
            _ = try await archiveOfThree(in: state)
            try damage(state)
            let log = try await reopenAndCheck(state)
            #expect(log.count == 1, "\(name): \(log)")
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
            try FileManager.default.removeItem(atPath: manifestPath(state))
            // A directory where the new manifest's temporary file must go: every attempt to write it fails.
            let blocker = manifestPath(state) + ".tmp"
            try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
            let log = try await reopenAndCheck(state)
            #expect(log == ["archive: cannot write the seen-index (open \(blocker): File exists); "
                + "carrying on from memory, it will be rebuilt at the next start"])

            #expect {
                try Archive.reindex(stateDirectory: state)
            } throws: { error in
                String(describing: error) == "cannot write the seen-index: open \(blocker): File exists"
            }

            try FileManager.default.removeItem(atPath: blocker)
            let next = LogLines()
            let archive = try Archive.open(stateDirectory: state, log: next.sink)
            #expect(try await archive.append((1 ... 4).map { makeRecord($0) }).isEmpty)
            await archive.close()
            #expect(next.all.count == 1 && next.all.first?.contains("the seen-index is missing") == true, "\(next.all)")
        }
    }

    /// Lines made durable after the last checkpoint (a crash before it) are read back at open,
    /// quietly, and only they: the rest comes from the runs.
    @Test(arguments: [1, 3])
    func readsTheTailPastTheCheckpoint(extraRecords: Int) async throws {
        try await withTemporaryState { state in
            let segment = try await archiveOfThree(in: state)
            for number in 4 ..< 4 + extraRecords {
                try appendRaw(String(decoding: makeRecord(number).jsonLine, as: UTF8.self), toFileAt: segment)
            }
            let log = LogLines()
            let archive = try Archive.open(stateDirectory: state, log: log.sink)
            #expect(await archive.itemCount == 3 + extraRecords)
            #expect(try await archive.append((1 ..< 4 + extraRecords).map { makeRecord($0) }).isEmpty)
            #expect(try await archive.append([makeRecord(10)]) == [makeRecord(10)])
            await archive.close()
            #expect(log.all.isEmpty, "\(log.all)")
            let quiet = LogLines()
            let reopened = try Archive.open(stateDirectory: state, log: quiet.sink)
            #expect(await reopened.itemCount == 4 + extraRecords)
            await reopened.close()
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
            try FileManager.default.removeItem(atPath: manifestPath(state))

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

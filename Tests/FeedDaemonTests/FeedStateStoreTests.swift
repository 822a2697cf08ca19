import FeedDaemon
import Foundation
import Testing
import TestSupport

/// The local feed-state store: snapshot plus journal, their repairs and merges, on real files.
@Suite struct FeedStateStoreTests {
    static func everyField() -> FeedState {
        var state = FeedState()
        state.etag = "\"v1\""
        state.lastModified = "Mon, 02 Nov 2026 10:00:00 GMT"
        state.movedTo = "https://new.example/feed"
        state.gone = true
        state.lastPolled = 1_800_000_000.5
        state.nextPoll = 1_800_003_600
        state.lastStatus = 410
        state.lastError = "410 Gone, \"quoted\"\nand a line feed"
        state.retryAfterUntil = 1_800_007_200.25
        state.consecutiveFailures = 3
        state.interval = 900
        state.newestEntry = 1_799_999_000
        state.meanEntryGap = 3600.25
        state.lastNewItems = 1_799_000_000
        state.itemsArchived = 42
        return state
    }

    static func states(_ count: Int, etag: String = "e") -> [StoredFeedState] {
        (0..<count).map { index in
            var state = FeedState()
            state.etag = "\(etag)\(index)"
            state.nextPoll = 1_800_000_000 + Double(index)
            return StoredFeedState(url: "https://feeds.example/\(index)", state: state)
        }
    }

    static func byURL(_ load: FeedStateLoad) -> [String: FeedState] {
        Dictionary(load.states.map { ($0.url, $0.state) }, uniquingKeysWith: { _, _ in
            Issue.record("a URL loaded twice")
            return FeedState()
        })
    }

    @Test func roundTripsEveryField() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FeedStateJournal(stateDirectory: directory.path)
        let saved = [StoredFeedState(url: "https://a.example/feed", state: Self.everyField()),
                     StoredFeedState(url: "https://b.example/ünïcode?q=\"1\"", state: FeedState())]
        try await store.record(saved)
        let loaded = try await FeedStateJournal(stateDirectory: directory.path).loadAll()
        #expect(Self.byURL(loaded) == Dictionary(uniqueKeysWithValues: saved.map { ($0.url, $0.state) }))
        #expect(loaded.problems.isEmpty)
    }

    @Test func laterRecordsAndRemovalsWin() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FeedStateJournal(stateDirectory: directory.path)
        try await store.record(Self.states(10, etag: "old"))
        try await store.record(Array(Self.states(10, etag: "new")[3..<6]))
        try await store.remove(["https://feeds.example/0", "https://feeds.example/4"])
        let loaded = Self.byURL(try await FeedStateJournal(stateDirectory: directory.path).loadAll())
        #expect(loaded.count == 8)
        #expect(loaded["https://feeds.example/0"] == nil)
        #expect(loaded["https://feeds.example/4"] == nil)
        #expect(loaded["https://feeds.example/3"]?.etag == "new3")
        #expect(loaded["https://feeds.example/5"]?.etag == "new5")
        #expect(loaded["https://feeds.example/6"]?.etag == "old6")
    }

    /// The load reads the journal before the snapshot and skips the snapshot lines it replaces:
    /// records, removals and a feed removed then recorded again must still come out as written.
    @Test func journalOverTheSnapshotWins() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let merging = FeedStateJournal(stateDirectory: directory.path, minimumMergeBytes: 1)
        try await merging.record(Self.states(10, etag: "old"))  // merged at once: all in the snapshot
        let store = FeedStateJournal(stateDirectory: directory.path)
        try await store.record(Array(Self.states(10, etag: "new")[3..<6]))
        try await store.remove(["https://feeds.example/0", "https://feeds.example/4", "https://feeds.example/7",
                                "https://feeds.example/none"])
        try await store.record([Self.states(1, etag: "again")[0], Self.states(12, etag: "added")[11]])
        try await store.remove(["https://feeds.example/7"])
        #expect(Self.size(store.snapshotPath) > 0 && Self.size(store.journalPath) > 0, "both files in play")
        let load = try await FeedStateJournal(stateDirectory: directory.path).loadAll()
        let loaded = Self.byURL(load)
        #expect(load.problems.isEmpty, "\(load.problems)")
        #expect(loaded.count == 9)
        #expect(loaded["https://feeds.example/0"]?.etag == "again0")
        #expect(loaded["https://feeds.example/4"] == nil)
        #expect(loaded["https://feeds.example/7"] == nil)
        #expect(loaded["https://feeds.example/none"] == nil)
        #expect(loaded["https://feeds.example/3"]?.etag == "new3")
        #expect(loaded["https://feeds.example/6"]?.etag == "old6")
        #expect(loaded["https://feeds.example/11"]?.etag == "added11")
    }

    @Test func writesAreProportionalToChangeAndMergesKeepEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FeedStateJournal(stateDirectory: directory.path, minimumMergeBytes: 64 << 10)
        try await store.record(Self.states(2000))
        // The journal outgrew the (empty) snapshot: it was merged into one.
        let snapshot = try FileManager.default.attributesOfItem(atPath: store.snapshotPath)[.size] as? Int ?? 0
        #expect(snapshot > 64 << 10)
        #expect(Self.size(store.journalPath) == 0)
        // Changing one feed appends one line, whatever the number of feeds.
        try await store.record([StoredFeedState(url: "https://feeds.example/extra", state: Self.everyField())])
        #expect(Self.size(store.journalPath) < 1024, "one line")
        #expect(Self.size(store.snapshotPath) == snapshot)
        // Many changes later the journal is merged again: nothing lost, the latest of each wins.
        for round in 0..<40 {
            try await store.record(Array(Self.states(2000, etag: "r\(round)-")[(round * 50)..<(round * 50 + 50)]))
        }
        try await store.remove(["https://feeds.example/1999"])
        let loaded = Self.byURL(try await FeedStateJournal(stateDirectory: directory.path).loadAll())
        #expect(loaded.count == 2000)
        #expect(loaded["https://feeds.example/extra"] == Self.everyField())
        #expect(loaded["https://feeds.example/60"]?.etag == "r1-60")
        #expect(loaded["https://feeds.example/1998"]?.etag == "r39-1998")
        #expect(loaded["https://feeds.example/1999"] == nil)
    }

    @Test func tornJournalTailIsCutAndReported() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FeedStateJournal(stateDirectory: directory.path)
        try await store.record(Self.states(3))
        try Self.append("{\"url\":\"https://feeds.example/1\",\"state\":{\"etag\":\"tor", to: store.journalPath)
        let sizeBefore = Self.size(store.journalPath)

        // A reader beside a running daemon skips the unfinished line and touches nothing.
        let reader = try await FeedStateJournal(stateDirectory: directory.path, writable: false).loadAll()
        #expect(Self.byURL(reader).count == 3)
        #expect(Self.size(store.journalPath) == sizeBefore)

        let reopened = FeedStateJournal(stateDirectory: directory.path)
        let loaded = try await reopened.loadAll()
        #expect(Self.byURL(loaded)["https://feeds.example/1"]?.etag == "e1", "the torn write is lost, the state before it is not")
        #expect(loaded.problems.count == 1)
        #expect(loaded.problems.first?.contains("feeds.journal: cut a torn last line (") == true, "\(loaded.problems)")
        // The next record starts on a line of its own.
        try await reopened.record([StoredFeedState(url: "https://feeds.example/9", state: FeedState())])
        let again = try await FeedStateJournal(stateDirectory: directory.path).loadAll()
        #expect(Self.byURL(again).count == 4)
        #expect(again.problems.isEmpty)
    }

    @Test func damagedLinesCostOnlyTheirFeeds() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FeedStateJournal(stateDirectory: directory.path, minimumMergeBytes: 1)
        try await store.record(Self.states(100))  // merged at once: all in the snapshot
        var text = try String(contentsOfFile: store.snapshotPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"etag\":\"e7\"", with: "\"etag\":") + "{\"url\": trunc"
        try text.write(toFile: store.snapshotPath, atomically: true, encoding: .utf8)
        let loaded = try await FeedStateJournal(stateDirectory: directory.path).loadAll()
        #expect(loaded.states.count == 99)
        #expect(Self.byURL(loaded)["https://feeds.example/7"] == nil)
        #expect(loaded.problems.count == 1)
        #expect(loaded.problems.first?.contains("2 unreadable lines") == true, "\(loaded.problems)")
    }

    @Test func mergeCutShortLosesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FeedStateJournal(stateDirectory: directory.path, minimumMergeBytes: 1 << 30)
        try await store.record(Self.states(50))
        let expected = Self.byURL(try await FeedStateJournal(stateDirectory: directory.path).loadAll())

        // Killed while writing the merged snapshot: a partial file beside an intact pair.
        try "{\"url\":\"https://feeds.example/0\",\"state\":{}}\n{\"url\":\"https://f".write(
            toFile: store.mergePath, atomically: false, encoding: .utf8)
        let afterPartial = try await FeedStateJournal(stateDirectory: directory.path).loadAll()
        #expect(Self.byURL(afterPartial) == expected)
        #expect(afterPartial.problems.contains { $0.contains("removed a merge cut short") }, "\(afterPartial.problems)")
        #expect(!FileManager.default.fileExists(atPath: store.mergePath))

        // Killed after the rename, before the journal was emptied: its lines are read twice, to no effect.
        let journal = try String(contentsOfFile: store.journalPath, encoding: .utf8)
        let merging = FeedStateJournal(stateDirectory: directory.path, minimumMergeBytes: 1)
        _ = try await merging.loadAll()
        try await merging.record([])
        try await merging.remove(["https://feeds.example/none"])  // anything appended triggers the merge
        #expect(Self.size(store.journalPath) == 0)
        try journal.write(toFile: store.journalPath, atomically: false, encoding: .utf8)
        let afterReplay = try await FeedStateJournal(stateDirectory: directory.path).loadAll()
        #expect(Self.byURL(afterReplay) == expected)
        #expect(afterReplay.problems.isEmpty)
    }

    @Test func readsTheSnapshotsEarlierVersionsWrote() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // JSONEncoder with sorted keys: "state" before "url".
        let line = "{\"state\":{\"consecutive_failures\":0,\"etag\":\"\\\"x\\\"\",\"gone\":false,\"items_archived\":5,"
            + "\"next_poll\":1800000000.25,\"retry_after_until\":1800003600},\"url\":\"https:\\/\\/old.example\\/feed\"}\n"
        try line.write(toFile: "\(directory.path)/feeds.jsonl", atomically: false, encoding: .utf8)
        let loaded = try await FeedStateJournal(stateDirectory: directory.path).loadAll()
        let state = try #require(Self.byURL(loaded)["https://old.example/feed"])
        #expect(state.etag == "\"x\"")
        #expect(state.itemsArchived == 5)
        #expect(state.nextPoll == 1_800_000_000.25)
        #expect(state.retryAfterUntil == 1_800_003_600)
        #expect(loaded.problems.isEmpty)
    }

    /// A Retry-After window, and a move the address policy refused, as the poll leaves them: the
    /// window cleared by a success and the move forgotten must stay so after reloads and merges,
    /// not come back from an older line.
    @Test func clearedRetryAfterAndForgottenMoveStayCleared() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = "https://busy.example/feed"
        var before = FeedState()
        before.movedTo = "http://10.0.0.1/feed"
        before.retryAfterUntil = 1_800_007_200
        before.lastError = "HTTP 503"
        var after = before
        after.movedTo = nil
        after.retryAfterUntil = nil
        after.lastError = nil
        #expect(after == FeedState(), "clearing every rare field leaves an empty state")

        for mergeFloor: Int64 in [1 << 30, 1] {  // kept in the journal; merged into the snapshot
            let store = FeedStateJournal(stateDirectory: directory.path, minimumMergeBytes: mergeFloor)
            try await store.record([StoredFeedState(url: url, state: before)])
            #expect(Self.byURL(try await FeedStateJournal(stateDirectory: directory.path).loadAll())[url] == before)
            try await store.record([StoredFeedState(url: url, state: after)])
            let loaded = Self.byURL(try await FeedStateJournal(stateDirectory: directory.path).loadAll())
            #expect(loaded[url]?.movedTo == nil)
            #expect(loaded[url]?.retryAfterUntil == nil)
            #expect(loaded[url]?.lastError == nil)
        }
    }

    /// Whoever can write to the state directory could plant links where feedd writes. A link
    /// in place of the snapshot is not read (nor merged through), one where the merge writes is
    /// removed and never written through, and one in place of the journal stops the load.
    @Test func symbolicLinksAreNeverFollowed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let victim = "\(directory.path)/victim"
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        func victimIntact() throws -> Bool { try String(contentsOfFile: victim, encoding: .utf8) == "precious\n" }

        let store = FeedStateJournal(stateDirectory: directory.path, minimumMergeBytes: 1)
        try FileManager.default.createSymbolicLink(atPath: store.snapshotPath, withDestinationPath: victim)
        let loaded = try await store.loadAll()
        #expect(loaded.states.isEmpty)
        #expect(loaded.problems.contains { $0.contains(store.snapshotPath) && $0.contains("symbolic link") }, "\(loaded.problems)")
        await #expect(throws: (any Error).self, "the merge cannot read the snapshot through the link") {
            try await store.record(Self.states(3))
        }
        #expect(try victimIntact())

        try FileManager.default.removeItem(atPath: store.snapshotPath)
        let merging = FeedStateJournal(stateDirectory: directory.path, minimumMergeBytes: 1)
        _ = try await merging.loadAll()
        try FileManager.default.createSymbolicLink(atPath: merging.mergePath, withDestinationPath: victim)
        try await merging.record(Self.states(3))
        #expect(try victimIntact())
        let snapshot = try FileManager.default.attributesOfItem(atPath: merging.snapshotPath)
        #expect(snapshot[.type] as? FileAttributeType == .typeRegular)
        #expect(try await FeedStateJournal(stateDirectory: directory.path).loadAll().states.count == 3)

        try FileManager.default.removeItem(atPath: merging.journalPath)
        try FileManager.default.createSymbolicLink(atPath: merging.journalPath, withDestinationPath: victim)
        await #expect(throws: (any Error).self, "a link in place of the journal is refused") {
            _ = try await FeedStateJournal(stateDirectory: directory.path).loadAll()
        }
        #expect(try victimIntact())
    }

    @Test func missingFilesAreAFreshStart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let loaded = try await FeedStateJournal(stateDirectory: directory.path).loadAll()
        #expect(loaded.states.isEmpty)
        #expect(loaded.problems.isEmpty)
    }

    static func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    }

    static func append(_ text: String, to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}

import FeedDaemon
import Foundation
import Testing
import TestSupport

@Suite struct FeedStateStoreTests {
    @Test func roundTripsEveryField() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FeedStateStore(stateDirectory: directory.path)
        var state = FeedState()
        state.etag = "\"v1\""
        state.lastModified = "Mon, 02 Nov 2026 10:00:00 GMT"
        state.movedTo = "https://new.example/feed"
        state.gone = true
        state.lastPolled = 1_800_000_000.5
        state.nextPoll = 1_800_003_600
        state.lastStatus = 410
        state.lastError = "410 Gone"
        state.consecutiveFailures = 3
        state.interval = 900
        state.newestEntry = 1_799_999_000
        state.meanEntryGap = 3600.25
        state.lastNewItems = 1_799_000_000
        state.itemsArchived = 42
        let states = ["https://a.example/feed": state, "https://b.example/feed": FeedState()]
        try store.save(states)
        var problems: [String] = []
        #expect(store.load { problems.append($0) } == states)
        #expect(problems.isEmpty)
    }

    @Test func damagedLinesCostOnlyTheirFeeds() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FeedStateStore(stateDirectory: directory.path)
        let states = (0..<100).reduce(into: [String: FeedState]()) { states, index in
            var state = FeedState()
            state.etag = "e\(index)"
            states["https://feeds.example/\(index)"] = state
        }
        try store.save(states)
        var text = try String(contentsOfFile: store.path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"etag\":\"e7\"", with: "\"etag\":") + "{\"url\": trunc"
        try text.write(toFile: store.path, atomically: true, encoding: .utf8)
        var problems: [String] = []
        let loaded = store.load { problems.append($0) }
        #expect(loaded.count == 99)
        #expect(loaded["https://feeds.example/7"] == nil)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("2 unreadable lines") == true)
    }

    /// A link planted where the temporary file goes is removed, never written through; a link
    /// in place of the file itself is not read (and the save replaces the link, not its target).
    @Test func symbolicLinksAreNeverFollowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FeedStateStore(stateDirectory: directory.path)
        let victim = "\(directory.path)/victim"
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: store.path + ".tmp", withDestinationPath: victim)
        try FileManager.default.createSymbolicLink(atPath: store.path, withDestinationPath: victim)

        var problems: [String] = []
        #expect(store.load { problems.append($0) }.isEmpty)
        #expect(problems.first?.contains("symbolic link") == true, "\(problems)")

        try store.save(["https://a.example/feed": FeedState()])
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(store.load { _ in }.count == 1)
    }

    @Test func missingFileIsAFreshStart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(FeedStateStore(stateDirectory: directory.path).load { _ in Issue.record("no problem expected") }.isEmpty)
    }
}

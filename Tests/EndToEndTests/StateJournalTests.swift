import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// The feed-state journal under the real binary: torn tails, and SIGKILL in the middle of a merge.
    @Suite struct StateJournalTests {
        /// Feeds that are not configured but whose saved state must survive (a list edited while
        /// the daemon was down keeps what it knew): enough of them that a merge takes a while.
        static let lingering = 60_000

        static func stateLine(_ index: Int, version: Int) -> String {
            "{\"url\":\"https://lingering.example/feeds/\(index).xml\",\"state\":{\"etag\":\"\\\"v\(version)-\(index)\\\"\","
                + "\"last_modified\":\"Mon, 02 Nov 2026 10:00:00 GMT\",\"last_polled\":1800000000,\"next_poll\":1800003600,"
                + "\"last_status\":200,\"interval\":1800,\"items_archived\":\(index % 7)}}\n"
        }

        /// A snapshot of every lingering feed at version 1, and a larger journal that moves each to
        /// version 2 and some to 3: the next save finds the journal larger than the snapshot and merges.
        static func writeState(in directory: String) throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var snapshot = ""
            var journal = ""
            snapshot.reserveCapacity(lingering * 260)
            journal.reserveCapacity(lingering * 340)
            for index in 0..<lingering { snapshot += stateLine(index, version: 1) }
            for index in 0..<lingering { journal += stateLine(index, version: 2) }
            for index in stride(from: 0, to: lingering, by: 3) { journal += stateLine(index, version: 3) }
            try snapshot.write(toFile: "\(directory)/feeds.jsonl", atomically: false, encoding: .utf8)
            try journal.write(toFile: "\(directory)/feeds.journal", atomically: false, encoding: .utf8)
        }

        /// Every lingering feed at its latest version, nothing else lost.
        static func expectLingeringIntact(_ workspace: Workspace, _ moment: String) {
            let states = workspace.feedState()
            var wrong = 0
            for index in 0..<lingering {
                let expected = "\"v\(index % 3 == 0 ? 3 : 2)-\(index)\""
                if states["https://lingering.example/feeds/\(index).xml"]?["etag"] as? String != expected { wrong += 1 }
            }
            #expect(wrong == 0, "\(wrong) lingering feeds lost or stale \(moment)")
        }

        @Test func sigkillDuringAMergeLosesNothing() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/f.xml": { _ in .ok(FeedText.rss(title: "F", items: FeedText.items("f", 0..<3))) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("f", server.url("/f.xml"))])
            let merging = "\(workspace.stateDirectory)/feeds.jsonl.merging"

            // poll-once saves its one feed's state at the end, which triggers the merge; the kill
            // lands while the merged snapshot is being written. A loaded machine only widens the window.
            var caught = false
            for _ in 0..<5 where !caught {
                try Self.writeState(in: workspace.stateDirectory)
                let poll = try FeeddProcess(["poll-once", "--config", workspace.configPath], workingDirectory: workspace.root)
                let deadline = ContinuousClock.now + .seconds(120)
                while poll.isRunning && ContinuousClock.now < deadline && !FileManager.default.fileExists(atPath: merging) {
                    usleep(200)
                }
                poll.signal(SIGKILL)
                #expect(poll.waitForExit(timeout: .seconds(60)))
                caught = FileManager.default.fileExists(atPath: merging)
            }
            #expect(caught, "no SIGKILL landed during a merge in five tries")
            Self.expectLingeringIntact(workspace, "right after the kill")

            // The next run removes the half-written merge, says so, and completes one.
            let again = try workspace.pollOnce()
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stderr.contains("removed a merge cut short"), "\(again.stderr)")
            #expect(workspace.ingestLog().contains { $0.contains(" daemon feed state: ") && $0.contains("removed a merge cut short") })
            #expect(!FileManager.default.fileExists(atPath: merging))
            let journalSize = (try? FileManager.default.attributesOfItem(atPath: "\(workspace.stateDirectory)/feeds.journal")[.size] as? Int) ?? -1
            #expect(journalSize == 0, "the merge finished: the journal is empty")
            Self.expectLingeringIntact(workspace, "after the next run")
            #expect(workspace.feedState()[server.url("/f.xml")]?["last_status"] as? Int == 200)
            #expect(workspace.archive().count == 3)
        }

        @Test func tornJournalTailIsCutAndLogged() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let feed = FeedText.rss(title: "T", items: FeedText.items("t", 0..<2))
            let server = try TestHTTPServer(routes: ["/t.xml": { request in
                request.header("if-none-match") == "\"t1\"" ? .status(304) : .ok(feed, headers: [("ETag", "\"t1\"")])
            }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("t", server.url("/t.xml"))])
            #expect(try workspace.pollOnce().status == 0)
            let journal = "\(workspace.stateDirectory)/feeds.journal"
            let handle = try #require(FileHandle(forWritingAtPath: journal))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"url\":\"\(server.url("/t.xml"))\",\"state\":{\"etag\":\"\\\"to".utf8))
            try handle.close()

            let result = try workspace.pollOnce()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("1 not modified"), "the state before the torn line was kept: \(result.stdout)")
            #expect(workspace.ingestLog().contains { $0.contains(" daemon feed state: ") && $0.contains("feeds.journal: cut a torn last line") })
            let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
            #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "every journal line is whole again")
        }
    }
}

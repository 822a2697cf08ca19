import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// Nothing lost, nothing twice: the daemon killed with SIGKILL at random moments, again and again.
    @Suite struct CrashSafetyTests {
        @Test func sigkillLoopLosesNothingAndDuplicatesNothing() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let feeds = 60
            // A third of the feeds publish in each generation, so every round has new items.
            let farm = try FeedFarm(directory: "\(workspace.root)/farm", feeds: feeds, keepAll: true, changed: 0.3)
            defer { farm.stop() }
            try workspace.writeConfig(feeds: farm.feedURLs.enumerated().map { ("f\($0.offset)", $0.element) },
                                      http: "per_host = 4")
            var random = SystemRandomNumberGenerator()
            var kills = 0
            for round in 0..<24 {
                if round > 0 { try farm.generate(feeds: feeds, generation: round, keepAll: true) }
                let before = workspace.archiveLines().count
                let daemon = try workspace.startDaemon()
                // The kill must land on a daemon at work: wait until this run has archived
                // something, then let it go on for a random moment (often in mid-write).
                let archived = Wait.until(timeout: .seconds(60)) { workspace.archiveLines().count > before }
                #expect(archived, "round \(round): the daemon archived nothing new within 60 s, so the kill would prove nothing")
                usleep(UInt32.random(in: 0...300_000, using: &random))
                daemon.signal(SIGKILL)
                #expect(daemon.waitForExit(timeout: .seconds(30)))
                kills += 1
                let lines = workspace.archiveLines()
                let complete = lines.dropLast().allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }
                #expect(complete, "every line but a possibly torn last one is a record after kill \(kills)")
            }
            // Finally a full pass: the archive must hold the farm's truth, each URL exactly once.
            let final = try workspace.pollOnce()
            #expect(final.status == 0, "\(final.stdout)\n\(final.stderr)")
            let lines = workspace.archiveLines()
            #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "every line is JSON")
            let urls = workspace.canonicalURLs()
            let truth = farm.truth
            #expect(Set(urls).count == urls.count, "\(urls.count - Set(urls).count) duplicates after \(kills) kills")
            #expect(Set(urls) == Set(truth), "missing \(Set(truth).subtracting(urls).count), extra \(Set(urls).subtracting(truth).count)")
            #expect(kills == 24)
        }

        @Test func tornLastLineIsRepairedAtStart() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/t.xml": { _ in .ok(FeedText.rss(title: "T", items: FeedText.items("t", 0..<3))) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("t", server.url("/t.xml"))])
            #expect(try workspace.pollOnce().status == 0)
            let segment = try #require(FileManager.default.contentsOfDirectory(atPath: "\(workspace.stateDirectory)/archive")
                .first { $0.hasSuffix(".jsonl") })
            let handle = try #require(FileHandle(forWritingAtPath: "\(workspace.stateDirectory)/archive/\(segment)"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"v\":1,\"canonical_url\":\"https://torn.example/".utf8))
            try handle.close()
            // The index is gone too: it must be rebuilt from the archive without re-archiving anything.
            try FileManager.default.removeItem(atPath: "\(workspace.stateDirectory)/index")
            workspace.forgetFeedState()

            let result = try workspace.pollOnce()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(workspace.archiveLines().count == 3)
            #expect(workspace.ingestLog().contains { $0.contains(" daemon archive repaired: ") && $0.contains("torn last line") }, "\(workspace.ingestLog())")
            #expect(workspace.archiveLines().allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        }
    }
}

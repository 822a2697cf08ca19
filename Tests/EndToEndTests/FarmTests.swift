import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// The shared feed farm served by nginx: every canonical URL of truth.txt archived exactly once.
    @Suite struct FarmTests {
        @Test func pollOnceArchivesExactlyTheTruthAndASecondPollNothing() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let farm = try FeedFarm(directory: "\(workspace.root)/farm", feeds: 200)
            defer { farm.stop() }
            try workspace.writeConfig(feeds: farm.feedURLs.enumerated().map { ("f\($0.offset)", $0.element) })

            let cold = try workspace.pollOnce()
            #expect(cold.status == 0, "\(cold.stdout)\n\(cold.stderr)")
            let urls = workspace.canonicalURLs()
            #expect(urls.count == farm.truth.count, "archived \(urls.count), truth has \(farm.truth.count)")
            #expect(Set(urls) == Set(farm.truth))

            let warm = try workspace.pollOnce()
            #expect(warm.status == 0)
            #expect(warm.stdout.contains("200 not modified"), "\(warm.stdout)")
            #expect(workspace.canonicalURLs().count == farm.truth.count)

            // The farm moves on one generation: only the new items are archived.
            try farm.generate(feeds: 200, generation: 1)
            #expect(try workspace.pollOnce().status == 0)
            let updated = workspace.canonicalURLs()
            #expect(updated.count == farm.truth.count)
            #expect(Set(updated) == Set(farm.truth))
        }
    }
}

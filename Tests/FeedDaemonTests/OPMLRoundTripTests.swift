@testable import FeedDaemon
import FeedSubscriptions
import Foundation
import Testing
import TestSupport

@Suite struct OPMLRoundTripTests {
    @Test func exportThenImportGivesTheSameFeeds() throws {
        let source = try TemporaryDirectory()
        let target = try TemporaryDirectory()
        defer { source.remove(); target.remove() }
        let main = """
        state_dir = "state"
        [[feed]]
        url = "https://a.example/feed.xml"
        name = "A \\"quoted\\" & <angled>"
        categories = ["Tech/Linux", "extra"]
        interval = "15m"
        [[feed]]
        url = "https://b.example/rss?x=1&y=2"
        [[feed]]
        url = "https://c.example/atom"
        name = "C"
        categories = ["Tech"]
        """
        try main.write(toFile: "\(source.path)/feedd.toml", atomically: true, encoding: .utf8)
        try "state_dir = \"state\"\n".write(toFile: "\(target.path)/feedd.toml", atomically: true, encoding: .utf8)
        let loader = ConfigLoader(environment: [:])
        let original = try loader.load("\(source.path)/feedd.toml")

        let document = OPMLExport.document(original)
        let editor = DropInEditor(configPath: "\(target.path)/feedd.toml", loader: loader)
        let plan = OPMLImport(try OPMLReader.read(document, file: "export.opml"), config: try editor.currentConfig())
        let edit = try editor.append(plan.tables(from: "export.opml"), to: "\(target.path)/feeds.d/imported.toml", fileHeader: "h")

        func essentials(_ feeds: [FeedConfig]) -> [[String]] {
            // A set: export groups feeds by folder, so the order may change.
            feeds.map { [$0.url, $0.name, $0.interval.map(String.init) ?? "-"] + $0.categories }.sorted { $0[0] < $1[0] }
        }
        #expect(essentials(edit.config.feeds) == essentials(original.feeds))
        #expect(OPMLImport(try OPMLReader.read(document, file: "again"), config: edit.config).additions.isEmpty)
    }

    @Test func importSortsOutWhatIsConfiguredListedTwiceOrUnusable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "state_dir = \"s\"\n[[feed]]\nurl = \"https://known.example/feed\"\n".write(
            toFile: "\(directory.path)/feedd.toml", atomically: true, encoding: .utf8)
        let config = try ConfigLoader(environment: [:]).load("\(directory.path)/feedd.toml")
        let plan = OPMLImport([
            Subscription(url: "https://KNOWN.example:443/feed", line: 3),
            Subscription(url: "https://new.example/feed", categories: ["A"], line: 4),
            Subscription(url: "https://new.example/feed#again", categories: ["B", "A"], line: 5),
            Subscription(url: "mailto:someone@example.com", line: 6),
            Subscription(url: "/relative/feed", line: 7),
        ], config: config)
        #expect(plan.additions.map(\.url) == ["https://new.example/feed"])
        #expect(plan.additions.first?.categories == ["A", "B"])
        #expect(plan.alreadyConfigured.map { $0.at.line } == [3])
        #expect(plan.listedTwice.map { $0.firstLine } == [4])
        #expect(plan.unusable.map(\.line) == [6, 7])
    }
}

import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// `feedd import-opml` and `export-opml` through the real binary, on real exported lists.
    @Suite struct OPMLCommandTests {
        private static func fixture(_ name: String) -> String {
            "\(Repository.root)/Tests/FeedSubscriptionsTests/Fixtures/\(name)"
        }

        private static func withoutDate(_ opml: String) -> String {
            opml.split(separator: "\n").filter { !$0.contains("<dateCreated>") }.joined(separator: "\n")
        }

        @Test func importThenExportThenImportElsewhereKeepsTheFeeds() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            // One feed of the list is configured already, in the main file.
            try workspace.writeConfig(feeds: [("Daring", "http://daringfireball.net/feeds/main")])
            let list = Self.fixture("real/netnewswire-Subs.opml")
            let imported = try workspace.feedd(["import-opml", list, "--config", workspace.configPath])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("\(list): 207 feeds"))
            #expect(imported.stdout.contains("skipped http://daringfireball.net/feeds/main: already configured at \(workspace.configPath):"),
                    "\(imported.stdout)")
            #expect(imported.stdout.contains("skipped http://feed.katiefloyd.com/ (line 44): listed already at line 30"), "\(imported.stdout)")
            #expect(imported.stdout.contains("imported 205 feeds into \(workspace.root)/feeds.d/imported.toml"), "\(imported.stdout)")
            let check = try workspace.feedd(["check-config", workspace.configPath])
            #expect(check.stdout.contains("OK, 206 feeds"), "\(check.stdout)\(check.stderr)")

            // Importing it again adds nothing and writes nothing.
            let before = try String(contentsOfFile: "\(workspace.root)/feeds.d/imported.toml", encoding: .utf8)
            let again = try workspace.feedd(["import-opml", list, "--config", workspace.configPath])
            #expect(again.status == 0)
            #expect(again.stdout.contains("nothing to import"))
            #expect(try String(contentsOfFile: "\(workspace.root)/feeds.d/imported.toml", encoding: .utf8) == before)

            let export = try workspace.feedd(["export-opml", "--config", workspace.configPath])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stdout.components(separatedBy: "xmlUrl=").count == 207)
            #expect(export.stdout.contains("<outline text=\"Programming\" title=\"Programming\">"))
            let exported = "\(workspace.root)/export.opml"
            try export.stdout.write(toFile: exported, atomically: true, encoding: .utf8)

            // Into an empty configuration, under another drop-in name; exported again: the same list.
            let other = try Workspace()
            defer { other.remove() }
            try other.writeConfig(feeds: [])
            let into = try other.feedd(["import-opml", exported, "--to", "from-elsewhere", "--config", other.configPath])
            #expect(into.stdout.contains("imported 206 feeds into \(other.root)/feeds.d/from-elsewhere.toml"), "\(into.stdout)\(into.stderr)")
            let reexport = try other.feedd(["export-opml", "--config", other.configPath])
            #expect(Self.withoutDate(reexport.stdout) == Self.withoutDate(export.stdout))
        }

        @Test func otherExportersParse() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            try workspace.writeConfig(feeds: [])
            for (file, count) in [("real/netnewswire-DefaultFeeds.opml", 16), ("quirks/latin1.opml", 3), ("quirks/rssowl-nested.opml", 3),
                                  ("quirks/freshrss.opml", 3), ("quirks/hand-edited.opml", 7), ("quirks/newsboat.opml", 2)] {
                let result = try workspace.feedd(["import-opml", Self.fixture(file), "--to", (file as NSString).lastPathComponent,
                                                  "--config", workspace.configPath])
                #expect(result.status == 0, "\(file): \(result.stderr)")
                #expect(result.stdout.contains("imported \(count) feed"), "\(file): \(result.stdout)")
            }
            let check = try workspace.feedd(["check-config", workspace.configPath])
            #expect(check.stdout.contains("OK, 34 feeds"), "\(check.stdout)\(check.stderr)")
            let nested = try String(contentsOfFile: "\(workspace.root)/feeds.d/rssowl-nested.opml.toml", encoding: .utf8)
            #expect(nested.contains("categories = [\"My Feeds/Science\"]"), "\(nested)")
        }

        @Test func aBrokenListIsRefusedWithItsLineAndNothingIsWritten() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            try workspace.writeConfig(feeds: [])
            let broken = Self.fixture("quirks/broken-unclosed.opml")
            let result = try workspace.feedd(["import-opml", broken, "--config", workspace.configPath])
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(broken):8: not well-formed XML: "), "\(result.stderr)")
            #expect(result.stderr.contains("nothing imported"))
            let notOPML = try workspace.feedd(["import-opml", Self.fixture("quirks/not-opml.xml"), "--config", workspace.configPath])
            #expect(notOPML.status == 1)
            #expect(notOPML.stderr.contains("not <opml>"), "\(notOPML.stderr)")
            let outside = try workspace.feedd(["import-opml", Self.fixture("real/netnewswire-DefaultFeeds.opml"), "--to", "/tmp/elsewhere.toml",
                                               "--config", workspace.configPath])
            #expect(outside.status == 1)
            #expect(outside.stderr.contains("is not in feeds_dir"), "\(outside.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(workspace.root)/feeds.d"))
        }
    }
}

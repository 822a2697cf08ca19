@testable import FeedDaemon
import Foundation
import Testing
import TestSupport

@Suite struct DropInEditorTests {
    /// A config directory with `main` as feedd.toml and the given drop-ins in feeds.d.
    private struct Setup {
        let directory: TemporaryDirectory
        var configPath: String { "\(directory.path)/feedd.toml" }
        var feedsDirectory: String { "\(directory.path)/feeds.d" }
        var editor: DropInEditor { DropInEditor(configPath: configPath, loader: ConfigLoader(environment: ["HOME": directory.path])) }

        init(main: String = "state_dir = \"state\"\n", dropIns: [String: String] = [:]) throws {
            directory = try TemporaryDirectory()
            try main.write(toFile: "\(directory.path)/feedd.toml", atomically: true, encoding: .utf8)
            if !dropIns.isEmpty {
                try FileManager.default.createDirectory(atPath: "\(directory.path)/feeds.d", withIntermediateDirectories: true)
                for (name, text) in dropIns {
                    try text.write(toFile: "\(directory.path)/feeds.d/\(name)", atomically: true, encoding: .utf8)
                }
            }
        }

        func text(_ name: String) -> String {
            (try? String(contentsOfFile: "\(feedsDirectory)/\(name)", encoding: .utf8)) ?? "<missing>"
        }
    }

    @Test func namesURLsAndCategoriesWithAnyCharacterReadBackExactly() throws {
        let setup = try Setup()
        defer { setup.directory.remove() }
        let awkward = [
            "Quotes \"inside\" and 'single'", "back\\slash \\n not a newline", "tab\there", "new\nline",
            "bell\u{7} and delete\u{7F} and escape\u{1B}", "Ünïcødé ❤ 日本", "# not a comment", "]] [[feed]]",
        ]
        let tables = awkward.enumerated().map { index, name in
            FeedTable(url: "https://names.example/\(index)?q=\"x\"&b=\\", name: name, interval: "15m",
                      categories: [name, "Plain/Path"], comment: "about \(name)")
        }
        let edit = try setup.editor.append(tables, to: "\(setup.feedsDirectory)/added.toml", fileHeader: "Header\nsecond line")
        #expect(edit.config.feeds.map(\.name) == awkward)
        #expect(edit.config.feeds.map(\.categories) == awkward.map { [$0, "Plain/Path"] })
        #expect(edit.config.feeds.allSatisfy { $0.interval == 900 })
        // The URL read back is the one written, as the loader normalizes any URL it reads.
        #expect(edit.config.feeds.map(\.url) == tables.map { ConfigLoader.feedURL($0.url, base: "file:///") })
        // What check-config reads from the file on disk, not just what the editor proposed.
        let reloaded = try ConfigLoader(environment: ["HOME": setup.directory.path]).load(setup.configPath)
        #expect(reloaded.feeds.map(\.name) == awkward)
        #expect(setup.text("added.toml").hasPrefix("# Header\n# second line\n\n# about "))
        #expect(edit.lines == 4...(3 + tables.map { $0.text.split(separator: "\n").count }.reduce(0, +) + tables.count - 1))
    }

    @Test func appendingKeepsTheFileByteForByte() throws {
        let original = "# my own notes\r\n[[feed]]\r\nurl = \"https://a.example/feed\"   # trailing comment\r\nname='A'"
        let setup = try Setup(dropIns: ["mine.toml": original])
        defer { setup.directory.remove() }
        let edit = try setup.editor.append([FeedTable(url: "https://b.example/feed", name: "B")],
                                           to: "\(setup.feedsDirectory)/mine.toml", fileHeader: "unused")
        #expect(setup.text("mine.toml") == original + "\n\n[[feed]]\nurl = \"https://b.example/feed\"\nname = \"B\"\n")
        #expect(edit.lines == 6...8)
        #expect(edit.config.feeds.map(\.name) == ["A", "B"])
    }

    @Test func refusesWhatCheckConfigRefusesAndWritesNothing() throws {
        let setup = try Setup(main: "state_dir = \"state\"\n[[feed]]\nurl = \"https://a.example/feed\"\n",
                              dropIns: ["mine.toml": "[[feed]]\nurl = \"https://b.example/feed\"\n"])
        defer { setup.directory.remove() }
        let target = "\(setup.feedsDirectory)/added.toml"
        let duplicate = #expect(throws: DropInEditError.self) {
            try setup.editor.append([FeedTable(url: "HTTPS://A.example:443/feed#x")], to: target, fileHeader: "h")
        }
        #expect(duplicate?.description.contains("\(target):4: feed HTTPS://A.example:443/feed#x is already listed at \(setup.configPath):3") == true,
                "\(String(describing: duplicate))")
        #expect(throws: DropInEditError.self) { try setup.editor.append([FeedTable(url: "ftp://c.example/")], to: target, fileHeader: "h") }
        #expect(throws: DropInEditError.self) {
            try setup.editor.append([FeedTable(url: "https://c.example/", interval: "soon")], to: target, fileHeader: "h")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.feedsDirectory) == ["mine.toml"], "no temporary file left")

        // A configuration broken already is reported as such before anything else.
        try "[[feed]]\nurl = \"https://b.example/feed\"\nbogus = 1\n".write(toFile: "\(setup.feedsDirectory)/mine.toml", atomically: true, encoding: .utf8)
        let broken = #expect(throws: DropInEditError.self) {
            try setup.editor.append([FeedTable(url: "https://d.example/")], to: target, fileHeader: "h")
        }
        #expect(broken?.description.contains("problems already") == true)
        #expect(broken?.description.contains("mine.toml:3: unknown key \"bogus\"") == true)
    }

    @Test func removalTakesTheTableAndItsCommentAndNothingElse() throws {
        let original = """
        # Feeds I follow.

        # added 2026-11-01 from https://a.example/
        [[feed]]
        url = "https://a.example/feed"
        name = "A"

        # B: keep me
        [[feed]]
        url = "https://b.example/feed"   # inline comment
        interval = "2h"

        [[feed]]
        name = "C"
        url = "https://c.example/feed"

        """
        let setup = try Setup(dropIns: ["mine.toml": original])
        defer { setup.directory.remove() }
        let config = try setup.editor.currentConfig()

        let middle = try setup.editor.remove(try setup.editor.feed(matching: "https://B.example/feed", in: config))
        #expect(middle.lines == 8...12)
        #expect(setup.text("mine.toml") == """
        # Feeds I follow.

        # added 2026-11-01 from https://a.example/
        [[feed]]
        url = "https://a.example/feed"
        name = "A"

        [[feed]]
        name = "C"
        url = "https://c.example/feed"

        """)
        _ = try setup.editor.remove(try setup.editor.feed(matching: "C", in: middle.config))
        #expect(setup.text("mine.toml") == """
        # Feeds I follow.

        # added 2026-11-01 from https://a.example/
        [[feed]]
        url = "https://a.example/feed"
        name = "A"

        """)
        let last = try setup.editor.remove(try setup.editor.feed(matching: "A", in: try setup.editor.currentConfig()))
        #expect(setup.text("mine.toml") == "# Feeds I follow.\n")
        #expect(last.config.feeds.isEmpty)
    }

    @Test func removalRefusesTheMainFileInlineTablesAndUnknownFeeds() throws {
        let setup = try Setup(main: "state_dir = \"state\"\n\n[[feed]]\nurl = \"https://main.example/feed\"\n",
                              dropIns: ["inline.toml": "feed = [{ url = \"https://inline.example/feed\" }]\n"])
        defer { setup.directory.remove() }
        let config = try setup.editor.currentConfig()
        let main = #expect(throws: DropInEditError.self) {
            try setup.editor.remove(try setup.editor.feed(matching: "https://main.example/feed", in: config))
        }
        #expect(main?.description.hasPrefix("\(setup.configPath):4: https://main.example/feed is in the main configuration file") == true,
                "\(String(describing: main))")
        let inline = #expect(throws: DropInEditError.self) {
            try setup.editor.remove(try setup.editor.feed(matching: "https://inline.example/feed", in: config))
        }
        #expect(inline?.description.contains("not written as a [[feed]] table") == true, "\(String(describing: inline))")
        #expect(setup.text("inline.toml") == "feed = [{ url = \"https://inline.example/feed\" }]\n")
        #expect(throws: DropInEditError.self) { try setup.editor.feed(matching: "https://nowhere.example/", in: config) }
    }

    /// Feeds of the plain list count like any other: an edit adding one again is refused with
    /// the list's line, and a removal is refused (the list is edited by hand), the list unchanged.
    @Test func feedsFileEntriesAreCheckedAndNotEdited() throws {
        let setup = try Setup(main: "state_dir = \"state\"\nfeeds_file = \"feeds.txt\"\n")
        defer { setup.directory.remove() }
        let listPath = "\(setup.directory.path)/feeds.txt"
        let list = "# mine\nhttps://list.example/feed  Listed\n"
        try list.write(toFile: listPath, atomically: true, encoding: .utf8)
        let target = "\(setup.feedsDirectory)/added.toml"
        let duplicate = #expect(throws: DropInEditError.self) {
            try setup.editor.append([FeedTable(url: "HTTPS://LIST.example:443/feed")], to: target, fileHeader: "h")
        }
        #expect(duplicate?.description.contains("is already listed at \(listPath):2") == true, "\(String(describing: duplicate))")
        #expect(setup.text("added.toml") == "<missing>")

        let config = try setup.editor.currentConfig()
        let listed = try setup.editor.feed(matching: "Listed", in: config)
        let removal = #expect(throws: DropInEditError.self) { try setup.editor.remove(listed) }
        #expect(removal?.description.hasPrefix("\(listPath):2: https://list.example/feed is in the feeds_file list") == true,
                "\(String(describing: removal))")
        #expect(try String(contentsOfFile: listPath, encoding: .utf8) == list)
    }

    /// A proposed text stands in for the feed list too, as for a drop-in.
    @Test func proposedTextReplacesTheFeedList() throws {
        let setup = try Setup(main: "state_dir = \"state\"\nfeeds_file = \"feeds.txt\"\n")
        defer { setup.directory.remove() }
        let listPath = "\(setup.directory.path)/feeds.txt"
        try "https://on-disk.example/feed\n".write(toFile: listPath, atomically: true, encoding: .utf8)
        var loader = ConfigLoader(environment: ["HOME": setup.directory.path])
        loader.replacements[listPath] = "https://proposed.example/feed\nftp://bad.example/feed\n"
        let refused = #expect(throws: ConfigError.self) { try loader.load(setup.configPath) }
        #expect(refused?.problems.map(\.location) == [SourceLocation(file: listPath, line: 2)])
        loader.replacements[listPath] = "https://proposed.example/feed\n"
        #expect(try loader.load(setup.configPath).feeds.map(\.url) == ["https://proposed.example/feed"])
    }

    @Test func dropInNamesStayInFeedsDir() throws {
        #expect(try DropInEditor.dropInPath("added", feedsDirectory: "/etc/feedd/feeds.d") == "/etc/feedd/feeds.d/added.toml")
        #expect(try DropInEditor.dropInPath("/etc/feedd/feeds.d/x.toml", feedsDirectory: "/etc/feedd/feeds.d") == "/etc/feedd/feeds.d/x.toml")
        #expect(throws: DropInEditError.self) { try DropInEditor.dropInPath("/tmp/x.toml", feedsDirectory: "/etc/feedd/feeds.d") }
        #expect(throws: DropInEditError.self) { try DropInEditor.dropInPath(".hidden", feedsDirectory: "/etc/feedd/feeds.d") }
    }
}

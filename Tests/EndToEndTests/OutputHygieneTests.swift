import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// Text from feeds and servers reaches the log and the terminal escaped, and URL passwords
    /// reach neither the log, the archive nor any command's output, while feedd still uses them.
    @Suite struct OutputHygieneTests {
        /// Control, C1, separator and bidi characters, as a feed could send them.
        static let hostile = "Evil \u{1B}[31mred\u{9B}2J\u{85}\u{2028}\u{202E}txt.exe\u{2066}x\u{2069}\u{200F}"

        @Test func hostileTextIsEscapedAndPasswordsNeverShow() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            // A JSON Feed: its strings can carry any character (XML cannot carry C0 controls).
            let document: [String: Any] = [
                "version": "https://jsonfeed.org/version/1.1", "title": Self.hostile,
                "items": [["id": "a", "url": "https://user:hunter2@news.example/a", "title": Self.hostile],
                          ["id": "b", "url": "/relative", "title": "Relative"]],
            ]
            let feed = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
            let authorization = "Basic " + Data("ann:s3cret".utf8).base64EncodedString()
            let server = try TestHTTPServer(routes: [
                "/f.xml": { request in
                    request.header("authorization") == authorization ? .ok(feed, contentType: "application/feed+json") : .status(401)
                },
            ])
            defer { server.stop() }
            let secretURL = server.url("/f.xml").replacingOccurrences(of: "http://", with: "http://ann:s3cret@")
            let missing = server.url("/missing.xml").replacingOccurrences(of: "http://", with: "http://ann:s3cret@")
            try workspace.writeConfig(feeds: [("hostile\\u001B[2J\\u202Ename", secretURL), ("missing", missing)])

            let poll = try workspace.pollOnce()
            #expect(poll.status == 1, "one feed fails: \(poll.stdout)\n\(poll.stderr)")
            #expect(server.requests(to: "/f.xml").first?.header("authorization") == authorization,
                    "the password is still used to fetch the feed")

            // The archive: the item kept (the same strings), its URLs without the passwords.
            let records = workspace.archive()
            #expect(records.count == 2)
            let item = try #require(records.first { ($0["url"] as? String)?.contains("news.example") == true })
            #expect(item["title"] as? String == Self.hostile)
            #expect(item["url"] as? String == "https://user:***@news.example/a")
            #expect(item["canonical_url"] as? String == "https://user:***@news.example/a")
            #expect(item["feed_url"] as? String == secretURL.replacingOccurrences(of: "s3cret", with: "***"))
            let relative = try #require(records.first { $0["title"] as? String == "Relative" })
            #expect(relative["url"] as? String == server.url("/relative"), "resolved against the URL without its userinfo")

            // The ingest log: escapes, never the characters themselves.
            let log = try String(contentsOfFile: workspace.ingestLogPath, encoding: .utf8)
            #expect(!Self.holdsUnsafe(log, allowingNewlines: true), "\(log)")
            #expect(log.contains("title=\"Evil \\x1B[31mred\\u{009B}2J\\u{0085}\\u{2028}\\u{202E}txt.exe\\u{2066}x\\u{2069}\\u{200F}\""), "\(log)")
            #expect(log.contains("feed=\"hostile\\x1B[2J\\u{202E}name\""), "\(log)")

            // What the commands print.
            let tail = try workspace.feedd(["tail", "-n", "50", "--config", workspace.configPath])
            let status = try workspace.feedd(["status", "--config", workspace.configPath])
            let export = try workspace.feedd(["export", "--config", workspace.configPath])
            for (name, output) in [("poll-once", poll.stdout + poll.stderr), ("tail", tail.stdout), ("status", status.stdout),
                                   ("export", export.stdout)] {
                #expect(!Self.holdsUnsafe(output, allowingNewlines: true), "\(name): \(output)")
                #expect(!output.contains("s3cret") && !output.contains("hunter2"), "\(name): \(output)")
            }
            #expect(tail.stdout.contains("\\u{202E}"))
            #expect(status.stdout.contains("hostile\\x1B[2J\\u{202E}name"), "\(status.stdout)")
            #expect(status.stdout.contains("HTTP 404"), "\(status.stdout)")
            // export escapes in JSON: the records read back as the same strings.
            let exported = export.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
            #expect(exported.count == 2)
            #expect(exported.contains { $0["title"] as? String == Self.hostile })

            // Nothing kept or printed anywhere holds a password.
            for file in ["ingest.log"] + workspace.archiveFiles() {
                let text = try String(contentsOfFile: "\(workspace.stateDirectory)/\(file)", encoding: .utf8)
                #expect(!text.contains("s3cret") && !text.contains("hunter2"), "\(file)")
            }
        }

        /// Whether `text` holds a character that must not reach a terminal raw.
        static func holdsUnsafe(_ text: String, allowingNewlines: Bool) -> Bool {
            text.unicodeScalars.contains { scalar in
                if allowingNewlines && scalar == "\n" { return false }
                switch scalar.value {
                case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: return true
                default: return false
                }
            }
        }
    }
}

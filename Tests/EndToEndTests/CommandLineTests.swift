import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// The commands an operator reads and mends the state with, run as the operator runs them.
    @Suite struct CommandLineTests {
        /// A workspace whose one feed has been polled once: three items archived.
        private static func polledWorkspace(_ server: TestHTTPServer) throws -> Workspace {
            let workspace = try Workspace()
            try workspace.writeConfig(feeds: [("news", server.url("/news.xml"))])
            let poll = try workspace.pollOnce()
            #expect(poll.status == 0, "\(poll.stderr)")
            return workspace
        }

        private static func newsServer() throws -> TestHTTPServer {
            try TestHTTPServer(routes: ["/news.xml": { _ in .ok(FeedText.rss(title: "News", items: FeedText.items("news", 0..<3))) }])
        }

        @Test func tailPrintsTheLastLinesAndFollowsNewOnes() throws {
            let server = try Self.newsServer()
            defer { server.stop() }
            let workspace = try Self.polledWorkspace(server)
            defer { workspace.remove() }

            let last = try workspace.feedd(["tail", "-n", "2", "--config", workspace.configPath])
            #expect(last.status == 0, "\(last.stderr)")
            #expect(last.stdout.split(separator: "\n").map(String.init) == Array(workspace.ingestLog().suffix(2)))
            let long = try workspace.feedd(["tail", "--lines", "100", "--config", workspace.configPath])
            #expect(long.stdout.split(separator: "\n").map(String.init) == workspace.ingestLog())

            // -n 0 -f: nothing already there, then each line as it is appended. The follower may
            // start after any given poll, so poll until it has seen one.
            let follower = try FeeddProcess(["tail", "-f", "-n", "0", "--config", workspace.configPath],
                                            workingDirectory: workspace.root)
            defer { follower.signal(SIGKILL) }
            let followed = Wait.until(timeout: .seconds(60)) {
                _ = try? workspace.pollOnce()
                return follower.stdout.contains(" polled feed=news ")
            }
            #expect(followed, "\(follower.stderr)")
            #expect(!follower.stdout.contains("ingested"), "lines from before -f started: \(follower.stdout)")
        }

        @Test func statusExportAndReindexReadTheState() throws {
            let server = try Self.newsServer()
            defer { server.stop() }
            let workspace = try Self.polledWorkspace(server)
            defer { workspace.remove() }

            let status = try workspace.feedd(["status", "--config", workspace.configPath])
            #expect(status.status == 0, "\(status.stderr)")
            let row = status.stdout.split(separator: "\n").first { $0.hasPrefix("news ") }
            #expect(row?.contains(" 200 ") == true, "\(status.stdout)")

            let export = try workspace.feedd(["export", "--config", workspace.configPath])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stdout.split(separator: "\n").map(String.init) == workspace.archiveLines())

            // The seen-index rebuilt from the archive still keeps every item from a second archiving.
            try FileManager.default.removeItem(atPath: "\(workspace.stateDirectory)/index")
            let reindex = try workspace.feedd(["reindex", "--config", workspace.configPath])
            #expect(reindex.status == 0, "\(reindex.stderr)")
            #expect(reindex.stdout.contains("3 distinct items"), "\(reindex.stdout)")
            workspace.forgetFeedState()
            #expect(try workspace.pollOnce().status == 0)
            #expect(workspace.archiveLines().count == 3)
        }

        @Test func checkConfigNamesEachProblemWithFileAndLine() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            try workspace.write("[[feed]]\nurl = \"https://news.example/feed.xml\"\n", to: workspace.configPath)
            let good = try workspace.feedd(["check-config", workspace.configPath])
            #expect(good.status == 0, "\(good.stderr)")

            try workspace.write("bogus = 1\n[[feed]]\nurl = \"ftp://news.example/\"\n", to: workspace.configPath)
            let bad = try workspace.feedd(["check-config", workspace.configPath])
            #expect(bad.status == 78, "EX_CONFIG")
            let output = bad.stdout + bad.stderr
            #expect(output.contains("\(workspace.configPath):1: unknown key \"bogus\""), "\(output)")
            #expect(output.contains("\(workspace.configPath):3: "), "\(output)")
        }

        /// Exit status 78 (EX_CONFIG) from every command that reads a broken config, before it
        /// does anything: the unit's RestartPreventExitStatus=78 depends on it.
        @Test func aBrokenConfigExits78FromEveryCommandBeforeDoingAnything() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            try workspace.write("state_dir = \"\(workspace.stateDirectory)\"\n[poll]\ninterval = \"soon\"\n",
                                to: workspace.configPath)
            let problem = "\(workspace.configPath):3: "
            for command in [["run"], ["poll-once"], ["status"], ["tail"], ["export"], ["reindex"]] {
                let result = try workspace.feedd(command + ["--config", workspace.configPath])
                #expect(result.status == 78, "\(command): \(result.stderr)")
                #expect(result.stderr.contains(problem), "\(command): \(result.stderr)")
            }
            let check = try workspace.feedd(["check-config", workspace.configPath])
            #expect(check.status == 78)
            #expect(check.stdout.contains(problem), "\(check.stdout)")
            // A missing config file is a configuration error too.
            let missing = try workspace.feedd(["run", "--config", "\(workspace.root)/absent.toml"])
            #expect(missing.status == 78, "\(missing.stderr)")
            #expect(missing.stderr.contains("absent.toml"), "\(missing.stderr)")
            // Nothing started: no state directory, no ingest log.
            #expect(!FileManager.default.fileExists(atPath: workspace.stateDirectory))
        }

        @Test func aWrongCommandLineExits64AndHelpListsTheExitStatuses() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let wrong = try workspace.feedd(["run", "--no-such-option"])
            #expect(wrong.status == 64, "EX_USAGE: \(wrong.stderr)")
            let help = try workspace.feedd(["--help"])
            #expect(help.status == 0)
            for status in ["0 ", "1 ", "64 ", "78 "] {
                #expect(help.stdout.contains("\n  \(status)"), "\(help.stdout)")
            }
        }
    }
}

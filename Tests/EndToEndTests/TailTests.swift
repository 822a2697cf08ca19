import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// `feedd tail` as an operator uses it: following a live daemon's log like `tail -F`,
    /// filtering, and colour only on a terminal.
    @Suite struct TailTests {
        @Test func followsALogFromBeforeItExistsAcrossRotationAndTruncation() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/news.xml": { _ in .ok(FeedText.rss(title: "News", items: FeedText.items("news", 0..<2))) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("news", server.url("/news.xml"))])
            let log = "\(workspace.stateDirectory)/ingest.log"

            // No state directory, no log yet: tail -f waits for it.
            let tail = try FeeddProcess(["tail", "-f", "--config", workspace.configPath], workingDirectory: workspace.root)
            defer { tail.signal(SIGKILL) }
            #expect(Wait.until(timeout: .seconds(60)) { tail.stderr.contains("\(log) does not exist (yet); waiting for it") }, "\(tail.stderr)")
            #expect(tail.isRunning)

            let daemon = try workspace.startDaemon()
            defer { daemon.stop() }
            #expect(Wait.until(timeout: .seconds(60)) { tail.stdout.contains(" polled feed=news ") }, "\(tail.stderr)")
            #expect(tail.stderr.contains("\(log) has appeared; following it"))
            #expect(tail.stdout.contains(" ingested feed=news "), "what was written before the log was seen is printed too")

            // logrotate: rename, then SIGHUP makes the daemon reopen its log.
            try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
            daemon.signal(SIGHUP)
            #expect(Wait.until(timeout: .seconds(60)) { tail.stderr.contains("\(log) has been replaced (rotated); following the new file") },
                    "\(tail.stderr)")
            #expect(Wait.until(timeout: .seconds(60)) { tail.stdout.contains(" config reloaded (SIGHUP)") }, "\(tail.stdout)")
            let printed = Set(tail.stdout.split(separator: "\n").map(String.init))
            let rotated = (try String(contentsOfFile: log + ".1", encoding: .utf8)).split(separator: "\n").map(String.init)
            #expect(rotated.allSatisfy(printed.contains), "every line of the rotated file was printed")

            // copytruncate: the log emptied in place; what the daemon writes next is printed.
            let linesBefore = tail.stdout.split(separator: "\n").count
            let handle = try #require(FileHandle(forWritingAtPath: log))
            try handle.truncate(atOffset: 0)
            try handle.close()
            #expect(Wait.until(timeout: .seconds(60)) { tail.stderr.contains("\(log) was truncated; reading it from the start") }, "\(tail.stderr)")
            #expect(Wait.until(timeout: .seconds(60)) { tail.stdout.split(separator: "\n").count >= linesBefore + 2 })
            #expect(daemon.stop() == 0)
            #expect(tail.isRunning, "tail -f runs until stopped")
        }

        @Test func filtersByFeedAndEventAndColoursOnlyOnATerminal() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let log = "\(workspace.root)/ingest.log"
            let lines = [
                "2026-11-25T19:43:54Z polled feed=news url=https://n.example/f status=200 items=2 new=2 bytes=10 ms=1",
                "2026-11-25T19:43:54Z ingested feed=news url=https://n.example/1 title=One",
                "2026-11-25T19:43:54Z ingested feed=\"slow one\" url=https://s.example/1 title=Other",
                "2026-11-25T19:43:55Z failed feed=\"slow one\" url=https://s.example/rss cause=\"timed out\" retry_in=60s",
                "2026-11-25T19:43:55Z ingested feed=news url=https://n.example/2 title=Two",
                "2026-11-25T19:43:56Z config reloaded (SIGHUP): 2 feeds, 0 added, 0 removed, 0 changed",
            ]
            try (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
            func tail(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
                try workspace.feedd(["tail", "--log", log] + arguments, environment: environment)
            }
            #expect(try tail(["--feed", "news", "--event", "ingested"]).stdout == lines[1] + "\n" + lines[4] + "\n")
            #expect(try tail(["-n", "1", "--feed", "news"]).stdout == lines[4] + "\n")
            #expect(try tail(["--feed", "slow one"]).stdout == lines[2] + "\n" + lines[3] + "\n")
            #expect(try tail(["--event", "failed,config"]).stdout == lines[3] + "\n" + lines[5] + "\n")
            #expect(try tail(["--event", "failed", "--event", "polled"]).stdout == lines[0] + "\n" + lines[3] + "\n")
            let typo = try tail(["--event", "ingest"])
            #expect(typo.stdout.isEmpty)
            #expect(typo.stderr.contains("no \"ingest\" event"), "\(typo.stderr)")

            // Piped: no colour, unless asked for.
            #expect(!(try tail([])).stdout.contains("\u{1B}["))
            #expect(try tail(["--color", "always", "-n", "1", "--event", "failed"]).stdout.contains("\u{1B}[1;31mfailed\u{1B}[0m"))

            // On a terminal: colour, unless NO_COLOR says no (an empty NO_COLOR counts as unset).
            for (environment, coloured) in [(["NO_COLOR": ""], true), (["NO_COLOR": "1"], false), (["NO_COLOR": "", "TERM": "dumb"], false)] {
                let terminal = try PseudoTerminal()
                defer { terminal.close() }
                let run = try FeeddProcess.run(["tail", "--log", log, "--event", "ingested"], environment: ["TERM": "xterm"].merging(environment) { _, given in given },
                                               workingDirectory: workspace.root, terminal: terminal, onTerminal: [.stdout])
                #expect(run.status == 0, "\(run.stderr)")
                #expect(Wait.until(timeout: .seconds(30)) { terminal.output.contains("title=Two") }, "\(terminal.output)")
                #expect(terminal.output.contains("\u{1B}[32mingested\u{1B}[0m") == coloured, "\(environment): \(terminal.output)")
            }

            let missing = try workspace.feedd(["tail", "--log", "\(workspace.root)/nope.log"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("cannot read \(workspace.root)/nope.log: No such file or directory"), "\(missing.stderr)")
        }
    }
}

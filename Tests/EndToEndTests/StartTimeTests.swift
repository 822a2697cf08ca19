import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// Start-up does not read the archive: with a consistent seen-index, `feedd run` is ready
    /// after reading what was written since the index's last checkpoint, whatever the archive's size.
    @Suite struct StartTimeTests {
        /// Bytes the process has read through read(2) and friends (`rchar` of /proc/PID/io).
        static func bytesRead(by pid: Int32) -> Int? {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return nil }
            return text.split(separator: "\n").first { $0.hasPrefix("rchar:") }
                .flatMap { Int($0.dropFirst("rchar:".count).trimmingCharacters(in: .whitespaces)) }
        }

        func generateArchive(_ workspace: Workspace, items: Int) throws {
            let script = "\(Repository.root)/scripts/gen-archive.py"
            let (status, output) = try ChildProcess.run(["python3", script, "--state", workspace.stateDirectory,
                                                         "--items", String(items), "--minimal"])
            #expect(status == 0, "\(output)")
        }

        @Test func readyOnAFiveMillionItemArchiveWithoutReadingIt() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/f.xml": { _ in .ok(FeedText.rss(title: "F", items: FeedText.items("f", 0 ..< 2))) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("f", server.url("/f.xml"))])
            try generateArchive(workspace, items: 5_000_000)
            let archiveBytes = try FileManager.default.contentsOfDirectory(atPath: "\(workspace.stateDirectory)/archive")
                .filter { $0.hasSuffix(".jsonl") }
                .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: "\(workspace.stateDirectory)/archive/\($1)")[.size] as? Int) ?? 0) }
            let reindex = try workspace.feedd(["reindex", "--config", workspace.configPath])
            #expect(reindex.status == 0, "\(reindex.stderr)")

            let socket = try NotifySocket(directory: workspace.root)
            let started = ContinuousClock.now
            let daemon = try workspace.startDaemon(environment: ["NOTIFY_SOCKET": socket.path])
            defer { daemon.signal(SIGKILL) }
            #expect(socket.waitFor("READY=1", timeout: .seconds(60)))
            let elapsed = ContinuousClock.now - started
            let read = Self.bytesRead(by: daemon.pid) ?? Int.max
            print("start: READY=1 after \(elapsed) on a 5,000,000-item archive of \(archiveBytes >> 20) MiB; "
                + "\(read >> 10) KiB read")
            // The proof that start-up does not scan the archive: it read a sliver of it.
            #expect(read < archiveBytes / 20, "read \(read) bytes of a \(archiveBytes)-byte archive")
            #expect(!socket.messages.contains { $0.contains("EXTEND_TIMEOUT_USEC") })
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)))
            #expect(daemon.exitStatus == 0)
            #expect(workspace.canonicalURLs().count == 5_000_002)
        }

        /// When the index has to be rebuilt, systemd hears of it (more start time) and the log says
        /// how far it got.
        @Test func aRebuildAsksForTimeAndReportsProgress() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            try workspace.writeConfig(feeds: [("f", "http://127.0.0.1:9/none.xml")])
            try generateArchive(workspace, items: 20_000)
            let socket = try NotifySocket(directory: workspace.root)
            let daemon = try workspace.startDaemon(environment: ["NOTIFY_SOCKET": socket.path])
            defer { daemon.signal(SIGKILL) }
            #expect(socket.waitFor("READY=1", timeout: .seconds(120)))
            let messages = socket.messages
            let extend = messages.firstIndex { $0.contains("EXTEND_TIMEOUT_USEC=") }
            let ready = messages.firstIndex { $0.contains("READY=1") }
            #expect(extend != nil && ready != nil && extend! < ready!, "\(messages)")
            let log = workspace.ingestLog()
            #expect(log.contains { $0.contains("daemon archive: rebuilding the seen-index: 0 %") }, "\(log)")
            #expect(log.contains { $0.contains("rebuilt the seen-index from the archive (the seen-index is missing): 20000 lines") })
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)))
        }
    }
}

import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// A state directory others could tamper with, or a link where feedd keeps a file: refused
    /// before anything is written, with one line naming the path, and exit status 78 (EX_CONFIG),
    /// which the systemd unit does not restart.
    @Suite struct StateSafetyTests {
        @Test func aGroupWritableStateDirectoryIsRefusedWithExitStatus78() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            try workspace.writeConfig(feeds: [("f", "http://127.0.0.1:9/f.xml")])
            try FileManager.default.createDirectory(atPath: workspace.stateDirectory, withIntermediateDirectories: true)
            #expect(chmod(workspace.stateDirectory, 0o775) == 0)
            let expected = "state directory \(workspace.stateDirectory) is writable by its group or others (mode 775)"
            for command in [["poll-once"], ["run"], ["reindex"]] {
                let result = try workspace.feedd(command + ["--config", workspace.configPath])
                #expect(result.status == 78, "\(command): \(result.stderr)")
                #expect(result.stderr.contains(expected), "\(command): \(result.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: "\(workspace.stateDirectory)/lock"), "nothing was opened there")
            #expect(!FileManager.default.fileExists(atPath: "\(workspace.stateDirectory)/ingest.log"))
        }

        @Test(arguments: ["feeds.jsonl", "feeds.journal", "ingest.log", "lock"])
        func aSymbolicLinkForAStateFileIsRefusedAndItsTargetUntouched(file: String) throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let server = try TestHTTPServer(routes: ["/f.xml": { _ in .ok(FeedText.rss(title: "F", items: FeedText.items("f", 0..<2))) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("f", server.url("/f.xml"))])
            #expect(try workspace.pollOnce().status == 0)
            let victim = "\(workspace.root)/victim"
            try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
            let path = "\(workspace.stateDirectory)/\(file)"
            // One poll leaves its states in the journal: the snapshot may not exist yet.
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim)

            let result = try workspace.pollOnce()
            #expect(result.status == 78, "\(result.stderr)")
            #expect(result.stderr.contains("\(path) is a symbolic link: feedd does not follow links in its state directory"), "\(result.stderr)")
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        }
    }
}

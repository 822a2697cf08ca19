import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// A full disk under the archive: a clear error, nothing half-written, and polling resumes when
    /// space returns. Needs a real small filesystem (tmpfs), so it runs where mounting is allowed.
    @Suite struct DiskFullTests {
        static let canMount: Bool = {
            guard let directory = try? TemporaryDirectory(prefix: "feedd-mount-probe") else { return false }
            defer { directory.remove() }
            guard Mount.tmpfs(at: directory.path, size: "64k") else { return false }
            Mount.unmount(directory.path)
            return true
        }()

        @Test(.enabled(if: canMount, "mounting a tmpfs needs root"))
        func fullDiskIsReportedAndPollingResumesWhenSpaceReturns() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            try FileManager.default.createDirectory(atPath: workspace.stateDirectory, withIntermediateDirectories: true)
            #expect(Mount.tmpfs(at: workspace.stateDirectory, size: "1m"))
            defer { Mount.unmount(workspace.stateDirectory) }
            // Fill the filesystem but for a little room: open, lock and index fit; fifty long items do not.
            let filler = "\(workspace.stateDirectory)/filler"
            try Data(repeating: 0x20, count: 900 * 1024).write(to: URL(fileURLWithPath: filler))

            let paragraph = String(repeating: "A long paragraph of text that fills the disk. ", count: 60)
            let items = (0..<50).map { ("/full/\($0)", "Item \($0)") }
            let document = FeedText.rss(title: "Full", items: items).replacingOccurrences(of: "<description>About", with: "<description>\(paragraph)")
            let server = try TestHTTPServer(routes: ["/full.xml": { _ in .ok(document, headers: [("ETag", "\"same\"")]) }])
            defer { server.stop() }
            try "".write(toFile: "\(workspace.root)/ingest.log", atomically: true, encoding: .utf8)
            try workspace.writeConfig(feeds: [("full", server.url("/full.xml"))], extra: "ingest_log = \"\(workspace.root)/ingest.log\"")

            let daemon = try workspace.startDaemon()
            defer { daemon.stop() }
            #expect(Wait.until(timeout: .seconds(60)) {
                workspace.ingestLog().contains { $0.contains(" failed ") && $0.contains("No space left on device") }
            }, "\(workspace.ingestLog())\n\(daemon.stderr)")
            #expect(workspace.archiveLines().allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil },
                    "nothing half-written")
            #expect(workspace.archiveLines().count < 50)

            try FileManager.default.removeItem(atPath: filler)
            #expect(Wait.until(timeout: .seconds(60)) { workspace.archiveLines().count == 50 }, "\(workspace.ingestLog())")
            #expect(Set(workspace.canonicalURLs()).count == 50)
            #expect(daemon.stop() == 0)
        }

        /// The ingest log on a full disk: a batch the disk takes only part of is cut back, so no
        /// line is torn, and the next line that fits says how many were lost.
        @Test(.enabled(if: canMount, "mounting a tmpfs needs root"))
        func aFullDiskUnderTheIngestLogLeavesNoTornLine() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let logDirectory = "\(workspace.root)/log"
            try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
            #expect(Mount.tmpfs(at: logDirectory, size: "64k"))
            defer { Mount.unmount(logDirectory) }
            // All but one page (4 KiB) taken: thirty ingested lines do not fit in it.
            try Data(repeating: 0x20, count: 60 * 1024).write(to: URL(fileURLWithPath: "\(logDirectory)/filler"))
            let titles = (0..<30).map { ("/log/\($0)", "A title long enough to fill a page of the log quickly, number \($0)") }
            let server = try TestHTTPServer(routes: ["/f.xml": { _ in .ok(FeedText.rss(title: "Log", items: titles)) }])
            defer { server.stop() }
            try workspace.writeConfig(feeds: [("log", server.url("/f.xml"))], extra: "ingest_log = \"\(logDirectory)/ingest.log\"")

            let daemon = try workspace.startDaemon()
            defer { daemon.stop() }
            #expect(Wait.until(timeout: .seconds(60)) { workspace.archiveLines().count == 30 }, "\(daemon.stderr)")
            let log = { (try? String(contentsOfFile: "\(logDirectory)/ingest.log", encoding: .utf8)) ?? "" }
            // Later polls log a short line, which fits: it comes after the note of what was lost.
            #expect(Wait.until(timeout: .seconds(60)) { log().contains(" daemon ingest log: ") }, "\(log())")
            let text = log()
            #expect(text.hasSuffix("\n"))
            let stamp = try Regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z (daemon|polled|ingested|config) ")
            let anyStamp = try Regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z ")
            for line in text.split(separator: "\n") {
                #expect(line.firstMatch(of: stamp) != nil && line.matches(of: anyStamp).count == 1, "a torn or joined line: \(line)")
            }
            // The batch of the first poll (thirty items and its polled line) did not fit: none of it stayed.
            #expect(!text.contains(" ingested "), "\(text)")
            let note = try #require(text.split(separator: "\n").first { $0.contains(" daemon ingest log: ") })
            #expect(note.hasSuffix(" daemon ingest log: 31 lines were not written (No space left on device); the archive has every item"),
                    "\(note)")
            #expect(daemon.stop() == 0)
        }
    }
}

/// mount(8) and umount(8), for tests that need a real small filesystem.
enum Mount {
    /// Mode 0755, as a state directory must be (a tmpfs is 1777 unless told).
    static func tmpfs(at path: String, size: String) -> Bool {
        run(["/bin/mount", "-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", path])
    }

    static func unmount(_ path: String) {
        _ = run(["/bin/umount", "-l", path])
    }

    private static func run(_ arguments: [String]) -> Bool {
        (try? ChildProcess.run(arguments, timeout: .seconds(60)))?.status == 0
    }
}

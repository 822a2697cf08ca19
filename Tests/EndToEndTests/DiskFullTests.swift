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

import FeedDaemon
import Foundation
import Testing
import TestSupport

@Suite struct IngestLogTests {
    /// A line cut short (a crash, a full disk) is cut off when the log is opened, and the first
    /// batch written says so: every line afterwards starts on a line of its own.
    @Test func tornLastLineIsCutAndReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/ingest.log"
        let whole = "2026-11-30T10:00:00Z polled feed=a url=https://a.example/ status=200 items=1 new=1 bytes=10 ms=1\n"
        try (whole + "2026-11-30T10:00:01Z ingested feed=a url=https://a.exa").write(toFile: path, atomically: true, encoding: .utf8)

        let log = try IngestLog(path: path)
        log.write(.daemon(message: "started"))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines[0] + "\n" == whole)
        #expect(lines[1].contains(" daemon ingest log repaired: cut a torn last line (54 bytes without a newline)"), "\(lines)")
        #expect(lines[2].hasSuffix(" daemon started"))
        #expect(lines[3].isEmpty)
    }

    @Test func aLogThatEndsCleanlyIsLeftAsItIs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/ingest.log"
        try "2026-11-30T10:00:00Z daemon started\n".write(toFile: path, atomically: true, encoding: .utf8)
        let log = try IngestLog(path: path)
        log.write(.daemon(message: "stopped"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("2026-11-30T10:00:00Z daemon started\n"))
        #expect(!text.contains("repaired"))
    }

    @Test func aSymbolicLinkIsNotFollowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let victim = "\(directory.path)/victim"
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(directory.path)/ingest.log", withDestinationPath: victim)
        #expect {
            _ = try IngestLog(path: "\(directory.path)/ingest.log")
        } throws: { error in
            "\(error)".contains("symbolic link")
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
    }
}

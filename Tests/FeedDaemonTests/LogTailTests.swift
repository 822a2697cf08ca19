import FeedDaemon
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite struct LogTailTests {
    @Test func lastLinesOfSmallAndLargeFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/log"
        let lines = (0..<20_000).map { "line \($0) " + String(repeating: "x", count: $0 % 50) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let tail = LogTail(path: path)
        #expect(try tail.lastLines(3).lines.map(String.init) == Array(lines.suffix(3)))
        #expect(try tail.lastLines(0).lines.isEmpty)
        #expect(try tail.lastLines(50_000).lines.count == 20_000)
        #expect(throws: LogTailError.self) { try LogTail(path: "\(directory.path)/missing").lastLines(1) }
    }

    @Test func followSeesAppendsAndRotation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/log"
        try "old\n".write(toFile: path, atomically: true, encoding: .utf8)
        let tail = LogTail(path: path)
        let end = try tail.lastLines(1).end
        let seen = Mutex<String>("")
        let follower = Task {
            try await tail.follow(from: end, pollEvery: .milliseconds(20)) { chunk in seen.withLock { $0 += chunk } }
        }
        defer { follower.cancel() }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("new 1\npartial".utf8))
        #expect(await waitFor { seen.withLock { $0 } == "new 1\n" })
        try handle.write(contentsOf: Data(" done\n".utf8))
        try handle.close()
        #expect(await waitFor { seen.withLock { $0 } == "new 1\npartial done\n" })
        // logrotate: the file is moved away and a new one starts.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try "fresh\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(await waitFor { seen.withLock { $0 }.hasSuffix("fresh\n") })
    }

    private func waitFor(_ condition: @Sendable () -> Bool) async -> Bool {
        for _ in 0..<600 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}

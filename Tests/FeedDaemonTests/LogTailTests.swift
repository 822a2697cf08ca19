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
        #expect(try tail.lastLines(3).lines == Array(lines.suffix(3)))
        #expect(try tail.lastLines(0).lines.isEmpty)
        #expect(try tail.lastLines(50_000).lines == lines)
        // Filtered: the last matching lines, however far back they are.
        #expect(try tail.lastLines(2, matching: { $0.hasPrefix("line 1 ") || $0.hasPrefix("line 7 ") }).lines == [lines[1], lines[7]])
        #expect(try tail.lastLines(3, matching: { $0.hasSuffix("xxxxxxxxx") && $0.count < 20 }).lines.count == 3)
        let missing = #expect(throws: LogTailError.self) { try LogTail(path: "\(directory.path)/missing").lastLines(1) }
        #expect(missing?.isMissing == true)
    }

    @Test func aLineStillBeingWrittenIsLeftForFollowing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/log"
        try "one\ntwo\nthr".write(toFile: path, atomically: true, encoding: .utf8)
        let (lines, end) = try LogTail(path: path).lastLines(5)
        #expect(lines == ["one", "two"])
        #expect(end == 8)
    }

    @Test func followSeesAppendsRotationAndTruncation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/log"
        try "old\n".write(toFile: path, atomically: true, encoding: .utf8)
        let tail = LogTail(path: path)
        let end = try tail.lastLines(1).end
        let seen = Mutex<String>("")
        let notices = Mutex<[LogTail.Notice]>([])
        let follower = Task {
            try await tail.follow(from: end, pollEvery: .milliseconds(20), notice: { notice in notices.withLock { $0.append(notice) } }) { chunk in
                seen.withLock { $0 += chunk }
            }
        }
        defer { follower.cancel() }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("new 1\npartial".utf8))
        #expect(await waitFor { seen.withLock { $0 } == "new 1\n" })
        try handle.write(contentsOf: Data(" done\n".utf8))
        #expect(await waitFor { seen.withLock { $0 } == "new 1\npartial done\n" })

        // logrotate: the file is moved away, the writer (still holding it) adds a last line, and
        // only then the new file starts. Nothing is lost, in order.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try handle.write(contentsOf: Data("late in the old file\n".utf8))
        try handle.close()
        try "fresh\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(await waitFor { seen.withLock { $0 }.hasSuffix("late in the old file\nfresh\n") })
        #expect(notices.withLock { $0 }.contains(.replaced))

        // copytruncate: the same file emptied, then written again.
        let fresh = try #require(FileHandle(forWritingAtPath: path))
        try fresh.truncate(atOffset: 0)
        try fresh.write(contentsOf: Data("after truncation\n".utf8))
        try fresh.close()
        #expect(await waitFor { seen.withLock { $0 }.hasSuffix("fresh\nafter truncation\n") })
        #expect(notices.withLock { $0 }.contains(.truncated))
    }

    @Test func followWaitsForALogThatDoesNotExistYet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/later/ingest.log"
        let seen = Mutex<String>("")
        let notices = Mutex<[LogTail.Notice]>([])
        let follower = Task {
            try await LogTail(path: path).follow(from: nil, pollEvery: .milliseconds(20), notice: { notice in notices.withLock { $0.append(notice) } }) { chunk in
                seen.withLock { $0 += chunk }
            }
        }
        defer { follower.cancel() }
        #expect(await waitFor { notices.withLock { $0 } == [.waiting] })
        try FileManager.default.createDirectory(atPath: "\(directory.path)/later", withIntermediateDirectories: true)
        try "first\nsecond\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(await waitFor { seen.withLock { $0 } == "first\nsecond\n" })
        #expect(notices.withLock { $0 } == [.waiting, .appeared])
        // Removed, then back: waits again, reads the new one whole.
        try FileManager.default.removeItem(atPath: path)
        #expect(await waitFor { notices.withLock { $0 }.last == .waiting })
        try "third\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(await waitFor { seen.withLock { $0 } == "first\nsecond\nthird\n" })
    }

    private func waitFor(_ condition: @Sendable () -> Bool) async -> Bool {
        for _ in 0..<1200 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}

@Suite struct IngestLogLineTests {
    @Test func readsBackWhatIngestEventWrites() {
        let event = IngestEvent.failed(feed: "my \"feed\"", url: "https://a.example/x y", cause: "tab\there\u{1}", retryIn: 60)
        let line = IngestLogLine(("2026-11-25T19:43:54Z " + event.text)[...])
        #expect(line.event == "failed")
        #expect(line.value("feed") == "my \"feed\"")
        #expect(line.value("url") == "https://a.example/x y")
        #expect(line.value("cause") == "tab\there\u{1}")
        #expect(line.value("retry_in") == "60s")
        let config = IngestLogLine("2026-11-25T19:43:54Z config reloaded (SIGHUP): 3 feeds, 1 added"[...])
        #expect(config.event == "config")
        #expect(config.value("feed") == nil)
    }

    @Test func filterByFeedAndEvent() {
        let lines = [
            "t polled feed=news url=https://n.example/f status=200 items=1 new=1 bytes=10 ms=1",
            "t ingested feed=news url=https://n.example/story title=x",
            "t failed feed=\"slow one\" url=https://s.example/rss cause=timeout",
            "t moved feed=old from=https://o.example/a to=https://o.example/b",
            "t config reloaded",
        ].map { $0[...] }
        func kept(_ filter: IngestLogFilter) -> [Int] { lines.indices.filter { filter.accepts(lines[$0]) } }
        #expect(kept(IngestLogFilter()) == [0, 1, 2, 3, 4])
        #expect(kept(IngestLogFilter(feeds: ["news"])) == [0, 1])
        #expect(kept(IngestLogFilter(feeds: ["slow one"])) == [2])
        #expect(kept(IngestLogFilter(feeds: ["https://o.example/b"])) == [3])
        #expect(kept(IngestLogFilter(events: ["failed", "config"])) == [2, 4])
        #expect(kept(IngestLogFilter(feeds: ["news"], events: ["ingested"])) == [1])
    }

    @Test func colourWrapsTimeAndEvent() {
        let coloured = IngestLogStyle.coloured("2026-11-25T19:43:54Z failed feed=x cause=y"[...])
        #expect(coloured == "\u{1B}[2m2026-11-25T19:43:54Z\u{1B}[0m \u{1B}[1;31mfailed\u{1B}[0m feed=x cause=y")
    }
}

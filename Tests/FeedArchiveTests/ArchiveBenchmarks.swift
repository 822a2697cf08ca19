import FeedArchive
import Foundation
import Testing
import TestSupport

/// Speed and memory of the archive, run only on request, in a release build:
///
///     FEEDD_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter ArchiveBenchmarks
///
/// The records look like the bench farm's (`shared/bench/gen_farm.py`): ~2 KB lines with HTML
/// content, its text rendering, a summary and some non-ASCII. Numbers are printed, not asserted;
/// the checks are of correctness only.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FEEDD_BENCH"] != nil, "set FEEDD_BENCH=1 to run"),
       .serialized)
struct ArchiveBenchmarks {
    static let words = ("market city council river energy report music festival harbor rail minister border "
        + "school storm science garden court museum election bridge film startup climate vote").split(separator: " ")
    static let cyrillic = "новости город река энергия доклад музыка".split(separator: " ")

    static func farmRecord(_ number: Int) -> ArchiveRecord {
        var generator = SplitMix(seed: UInt64(number))
        func text(_ count: Int, from pool: [Substring] = words) -> String {
            (0 ..< count).map { _ in String(pool[Int(generator.next() % UInt64(pool.count))]) }.joined(separator: " ")
        }
        let paragraphs = (0 ..< 3).map { _ in text(45) + "." }
        let title = text(7) + (number % 11 == 0 ? " — " + text(2, from: cyrillic) : "")
        let host = "news\(number % 40).example"
        return ArchiveRecord(
            canonicalURL: "https://\(host)/2026/01/\(number % 28 + 1)/\(text(4).replacingOccurrences(of: " ", with: "-"))-a\(number)",
            url: "https://\(host)/2026/01/\(number % 28 + 1)/story-a\(number)?utm_source=rss",
            feedURL: "http://127.0.0.1:18080/feeds/f\(number / 30).xml", feedTitle: "Feed \(number / 30) " + text(3),
            guid: "f\(number / 30)-n\(number)", title: title, author: text(2),
            published: Date(timeIntervalSince1970: 1_767_600_000 + Double(number) * 600), updated: nil,
            fetchedAt: Date(), summary: String(paragraphs[0].prefix(200)),
            content: paragraphs.map { "<p>\($0)</p>" }.joined() + "<p><a href=\"https://\(host)/about\">About us</a> &amp; more</p>",
            contentText: paragraphs.joined(separator: "\n\n") + "\n\nAbout us & more",
            categories: [text(1)], enclosures: []
        )
    }

    /// Deterministic pseudo-random numbers, so every run archives the same bytes.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Resident memory of this process in bytes, from /proc/self/statm.
    static func residentBytes() -> Int {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test func encodeAndAppend30kFarmRecords() async throws {
        let directory = try TemporaryDirectory(prefix: "feedd-bench")
        defer { directory.remove() }
        let records = (0 ..< 30_000).map(Self.farmRecord)

        var bytes: [UInt8] = []
        let encode = await Self.seconds {
            bytes.reserveCapacity(80 << 20)
            for record in records { record.appendJSONLine(to: &bytes) }
        }
        let megabytes = Double(bytes.count) / 1e6
        print(String(format: "bench encode: 30000 records, %.1f MB (%.0f B/line) in %.3f s = %.0f MB/s, %.2f µs/record",
                     megabytes, Double(bytes.count) / 30000, encode, megabytes / encode, encode / 30000 * 1e6))

        let oneBatch = try Archive.open(stateDirectory: directory.path + "/one")
        var stored = 0
        let single = try await Self.seconds { stored = try await oneBatch.append(records).count }
        await oneBatch.close()
        #expect(stored == 30_000)
        print(String(format: "bench append: 30000 records in one append (dedup+encode+write+fdatasync) %.3f s = %.0f records/s",
                     single, 30000 / single))

        // A poll: 1000 feeds of 30 items, 16 at a time, each append its own caller.
        let poll = try Archive.open(stateDirectory: directory.path + "/poll")
        let concurrent = try await Self.seconds {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for lane in 0 ..< 16 {
                    group.addTask {
                        var count = 0
                        for feed in stride(from: lane, to: 1000, by: 16) {
                            count += try await poll.append(Array(records[feed * 30 ..< feed * 30 + 30])).count
                        }
                        return count
                    }
                }
                stored = try await group.reduce(0, +)
            }
        }
        let status = await poll.status()
        await poll.close()
        #expect(stored == 30_000)
        print(String(format: "bench append: 1000 appends of 30 records from 16 concurrent callers %.3f s = %.0f records/s, %d group commits (fdatasyncs)",
                     concurrent, 30000 / concurrent, status.groupCommitCount))
    }

    @Test func open300kRecordArchive() async throws {
        let directory = try TemporaryDirectory(prefix: "feedd-bench")
        defer { directory.remove() }
        let state = directory.path + "/state"
        let template = (0 ..< 1000).map(Self.farmRecord)
        let archive = try Archive.open(stateDirectory: state)
        for block in 0 ..< 300 {
            var batch = template
            for index in batch.indices { batch[index].canonicalURL += "/\(block)" }
            _ = try await archive.append(batch)
        }
        #expect(await archive.itemCount == 300_000)
        await archive.close()
        let archiveBytes = try ArchiveReader(stateDirectory: state).segmentPaths().reduce(0) { $0 + (try fileSize($1)) }

        func timedOpen(_ label: String, measureResident: Bool = false) async throws {
            let residentBefore = Self.residentBytes()
            var reopened: Archive?
            let elapsed = try await Self.seconds { reopened = try Archive.open(stateDirectory: state) }
            let resident = Self.residentBytes() - residentBefore
            let opened = try #require(reopened)
            #expect(await opened.itemCount == 300_000)
            let status = await opened.status()
            #expect(status.distinctKeyCount == 300_000)
            #expect(status.indexMemoryBytes < 2_000_000)
            print(String(format: "bench open (%@): 300000 records, %.0f MB archive: %.3f s; seen-index %.2f MB "
                         + "in memory (%.2f B/item)%@",
                         label, Double(archiveBytes) / 1e6, elapsed, Double(status.indexMemoryBytes) / 1e6,
                         Double(status.indexMemoryBytes) / 300_000,
                         measureResident ? String(format: "; resident memory +%.1f MB", Double(resident) / 1e6) : ""))
            await opened.close()
        }
        try await timedOpen("index consistent", measureResident: true)
        let manifest = state + "/index/manifest.json"
        try FileManager.default.removeItem(atPath: manifest)
        try await timedOpen("index missing, rebuilt")
        let reindex = try await Self.seconds { _ = try Archive.reindex(stateDirectory: state) }
        print(String(format: "bench reindex: %.3f s", reindex))
    }
}

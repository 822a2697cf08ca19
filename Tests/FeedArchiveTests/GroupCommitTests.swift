import FeedArchive
import Foundation
import Testing

struct GroupCommitTests {
    @Test func concurrentAppendsArchiveEveryRecordOnce() async throws {
        try await withTemporaryState { state in
            let archive = try Archive.open(stateDirectory: state)
            // 40 callers, 25 records each, each overlapping its neighbours by 15: 415 distinct items.
            let returned = try await withThrowingTaskGroup(of: [ArchiveRecord].self) { group in
                for caller in 0 ..< 40 {
                    group.addTask {
                        try await archive.append((caller * 10 ..< caller * 10 + 25).map { makeRecord($0) })
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let status = await archive.status()
            await archive.close()

            let expected = Set((0 ..< 415).map { makeRecord($0).canonicalURL })
            #expect(returned.count == 415)
            #expect(Set(returned.map(\.canonicalURL)) == expected)
            #expect(status.itemCount == 415 && status.distinctKeyCount == 415)
            #expect(status.groupCommitCount >= 1 && status.groupCommitCount <= 40)

            let lines = try archiveLines(in: state)
            #expect(lines.count == 415)
            for line in lines {
                #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
            }
            #expect(Set(try archiveRecords(in: state).map(\.canonicalURL)) == expected)

            let log = LogLines()
            let reopened = try Archive.open(stateDirectory: state, log: log.sink)
            #expect(try await reopened.append((0 ..< 415).map { makeRecord($0) }).isEmpty)
            await reopened.close()
            #expect(log.all.isEmpty, "the index kept up with the archive: \(log.all)")
        }
    }
}

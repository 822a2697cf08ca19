import FeedArchive
import Foundation
import Testing

struct ArchiveLockTests {
    @Test func refusesASecondOpenerNamingTheHolder() async throws {
        try await withTemporaryState { state in
            let first = try Archive.open(stateDirectory: state)
            #expect {
                _ = try Archive.open(stateDirectory: state)
            } throws: { error in
                String(describing: error)
                    == "another feedd (pid \(getpid())) holds \(state)/lock: one writer per state directory; stop it first"
            }
            #expect(try String(contentsOfFile: state + "/lock", encoding: .utf8) == "\(getpid())\n")
            // The refused opener changed nothing: the first still works.
            #expect(try await first.append([makeRecord(1)]).count == 1)
            await first.close()

            let second = try Archive.open(stateDirectory: state)
            #expect(try await second.append([makeRecord(1), makeRecord(2)]).count == 1)
            await second.close()
        }
    }

    @Test func refusesAppendsAfterClose() async throws {
        try await withTemporaryState { state in
            let archive = try Archive.open(stateDirectory: state)
            await archive.close()
            await archive.close()
            await #expect(throws: ArchiveError.closed) {
                _ = try await archive.append([makeRecord(1)])
            }
        }
    }
}

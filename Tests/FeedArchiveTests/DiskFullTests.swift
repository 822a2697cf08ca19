import FeedArchive
import Foundation
import Testing
import TestSupport

/// A write error for real: the archive on a 1 MB tmpfs, filled until ENOSPC.
struct DiskFullTests {
    /// Mounting needs root (CAP_SYS_ADMIN); probed once by mounting and unmounting for real.
    static let canMountTmpfs: Bool = {
        guard let directory = try? TemporaryDirectory(prefix: "feedd-mount-probe") else { return false }
        defer { directory.remove() }
        guard mount("tmpfs", directory.path, "tmpfs", 0, "size=64k") == 0 else { return false }
        return umount(directory.path) == 0
    }()

    @Test(.enabled(if: canMountTmpfs, "needs root to mount a 1 MB tmpfs; the disk-full path is not exercised here"))
    func diskFullIsAClearErrorAndAppendsResumeWhenSpaceReturns() async throws {
        let directory = try TemporaryDirectory(prefix: "feedd-disk-full")
        defer { directory.remove() }
        let mountPoint = directory.path + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: false)
        try #require(mount("tmpfs", mountPoint, "tmpfs", 0, "size=1m") == 0, "mount: \(String(cString: strerror(errno)))")
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }

        let state = mountPoint + "/state"
        let filler = mountPoint + "/filler"
        try Data(count: 300_000).write(to: URL(fileURLWithPath: filler))
        let log = LogLines()
        let archive = try Archive.open(stateDirectory: state, log: log.sink)

        // ~40 KB records: the disk fills within a few dozen appends.
        func bigRecord(_ number: Int) -> ArchiveRecord {
            var record = makeRecord(number)
            record.content = String(repeating: "<p>padding \(number)</p>", count: 2500)
            return record
        }
        var archived: [ArchiveRecord] = []
        var failure: (any Error)?
        var number = 0
        while failure == nil, number < 100 {
            do {
                archived += try await archive.append([bigRecord(number), bigRecord(number + 1000)])
            } catch {
                failure = error
            }
            number += 1
        }
        let error = try #require(failure, "the 1 MB disk never filled")
        let segment = try #require(await archive.status().currentSegmentPath)
        #expect(String(describing: error) == "cannot append to \(segment): No space left on device; "
            + "nothing was archived and the segment is unchanged")
        #expect(await archive.status().lastWriteError == String(describing: error))

        // Nothing half-written: the file ends on a complete line and holds exactly what was returned.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: segment))
        #expect(bytes.last == 0x0A)
        #expect(try archiveRecords(in: state) == archived)

        // Space returns: the failed records were forgotten, so they go in now.
        try FileManager.default.removeItem(atPath: filler)
        let retried = try await archive.append([bigRecord(number - 1), bigRecord(number - 1 + 1000)])
        #expect(retried.count == 2)
        #expect(await archive.status().lastWriteError == nil)
        await archive.close()
        #expect(try archiveRecords(in: state) == archived + retried)

        let reopenLog = LogLines()
        let reopened = try Archive.open(stateDirectory: state, log: reopenLog.sink)
        #expect(try await reopened.append(archived + retried).isEmpty)
        await reopened.close()
        #expect(!reopenLog.all.contains { $0.contains("repaired") }, "\(reopenLog.all)")
    }
}

import FeedTime
import Foundation

extension ArchiveReader {
    /// How many records were fetched at or after `since`, reading only the segments written since
    /// then and, in them, only from the end back to the records older than that.
    ///
    /// Lines are appended in about the order of their `fetched_at` (a record waits between its
    /// fetch and its append no longer than its parse takes), so the reading stops at the first
    /// record fetched more than `reorderingAllowance` seconds before `since`. A segment not
    /// modified since `since` holds no such record, and neither does any older one.
    public func countRecords(fetchedSince since: Date, reorderingAllowance: TimeInterval = 3600) throws -> Int {
        guard let cutoff = UTCTimestamp.string(from: since).map({ Array($0.utf8) }),
              let stop = UTCTimestamp.string(from: since - reorderingAllowance).map({ Array($0.utf8) }) else { return 0 }
        var count = 0
        for path in try segmentPaths().reversed() {
            var info = stat()
            guard stat(path, &info) == 0 else { throw ArchiveError.io(operation: "stat", path: path, errno: errno) }
            guard Double(info.st_mtim.tv_sec) >= since.timeIntervalSince1970.rounded(.down) else { break }
            var reachedOlder = false
            try ReverseLineReader.forEachLine(path: path) { line in
                guard let fetched = Self.fetchedAt(in: line) else { return true }
                if Self.compare(fetched, cutoff) >= 0 {
                    count += 1
                } else if Self.compare(fetched, stop) < 0 {
                    reachedOlder = true
                    return false
                }
                return true
            }
            if reachedOlder { break }
        }
        return count
    }

    /// Bytes in every segment.
    public func byteCount() throws -> Int64 {
        var total: Int64 = 0
        for path in try segmentPaths() {
            var info = stat()
            if stat(path, &info) == 0 { total += Int64(info.st_size) }
        }
        return total
    }

    private static let fetchedAtKey = Array(#","fetched_at":""#.utf8)
    private static let timestampLength = 20 // YYYY-MM-DDTHH:MM:SSZ

    /// The `fetched_at` timestamp's bytes. A quote inside a JSON string is always escaped, so the
    /// first `,"fetched_at":"` in a line is the key, wherever a writer put it.
    private static func fetchedAt(in line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let base = line.baseAddress else { return nil }
        let keyLength = fetchedAtKey.count
        var cursor = 0
        while cursor + keyLength + timestampLength <= line.count,
              let comma = memchr(base + cursor, Int32(UInt8(ascii: ",")), line.count - cursor) {
            let index = base.distance(to: UnsafeRawPointer(comma))
            guard index + keyLength + timestampLength <= line.count else { return nil }
            if fetchedAtKey.indices.allSatisfy({ line[index + $0] == fetchedAtKey[$0] }) {
                let start = index + keyLength
                guard line[start + timestampLength - 1] == UInt8(ascii: "Z") else { return nil }
                return UnsafeRawBufferPointer(rebasing: line[start..<(start + timestampLength)])
            }
            cursor = index + 1
        }
        return nil
    }

    /// The timestamps are fixed-width UTC, so their bytes sort as their times do.
    private static func compare(_ timestamp: UnsafeRawBufferPointer, _ other: [UInt8]) -> Int {
        for (byte, otherByte) in zip(timestamp, other) where byte != otherByte {
            return byte < otherByte ? -1 : 1
        }
        return 0
    }
}

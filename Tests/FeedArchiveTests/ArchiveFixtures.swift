import FeedArchive
import Foundation
import Synchronization
import TestSupport

/// Collects the operator-facing lines an archive logs.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var sink: @Sendable (String) -> Void {
        { [self] line in lines.withLock { $0.append(line) } }
    }

    var all: [String] { lines.withLock { $0 } }
}

/// A record whose canonical URL is `https://news.example/item/<n>` unless told otherwise.
func makeRecord(_ number: Int, canonicalURL: String? = nil, title: String? = nil) -> ArchiveRecord {
    ArchiveRecord(
        canonicalURL: canonicalURL ?? "https://news.example/item/\(number)",
        url: "https://news.example/item/\(number)?utm_source=rss",
        feedURL: "https://news.example/feed.xml",
        feedTitle: "News Example",
        guid: "item-\(number)",
        title: title ?? "Item \(number)",
        author: "A. Writer",
        published: Date(timeIntervalSince1970: 1_780_000_000 + Double(number) * 60),
        updated: nil,
        fetchedAt: Date(timeIntervalSince1970: 1_780_100_000),
        summary: "Summary of item \(number).",
        content: "<p>Body of item \(number).</p>",
        contentText: "Body of item \(number).",
        categories: ["news"],
        enclosures: []
    )
}

/// Every complete line of the archive under `stateDirectory`, as text, in order.
func archiveLines(in stateDirectory: String) throws -> [String] {
    var lines: [String] = []
    try ArchiveReader(stateDirectory: stateDirectory).forEachLine { line, _ in
        lines.append(String(decoding: line, as: UTF8.self))
    }
    return lines
}

/// Every record of the archive under `stateDirectory`, in order.
func archiveRecords(in stateDirectory: String) throws -> [ArchiveRecord] {
    var records: [ArchiveRecord] = []
    try ArchiveReader(stateDirectory: stateDirectory).forEachRecord { records.append($0) }
    return records
}

/// Appends raw bytes to the file at `path`, as a crash or a careless hand might.
func appendRaw(_ text: String, toFileAt path: String) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
}

/// The size of the file at `path`.
func fileSize(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.size] as? NSNumber)?.intValue ?? -1
}

/// Opens an archive in a fresh temporary state directory, runs `body`, and cleans up.
func withTemporaryState<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory(prefix: "feedd-archive")
    defer { directory.remove() }
    return try await body(directory.path + "/state")
}

/// A clock tests move by hand, for monthly rotation.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) {
        current = Mutex(start)
    }

    var now: Date {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    var function: @Sendable () -> Date {
        { [self] in now }
    }
}

/// 2026-11-15T12:00:00Z and 2026-12-15T12:00:00Z.
let november2026 = Date(timeIntervalSince1970: 1_794_744_000)
let december2026 = Date(timeIntervalSince1970: 1_797_336_000)

/// The file names of the archive's segments, in order.
func segmentNames(in stateDirectory: String) throws -> [String] {
    try ArchiveReader(stateDirectory: stateDirectory).segmentPaths().map { URL(fileURLWithPath: $0).lastPathComponent }
}

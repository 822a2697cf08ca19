import FeedArchive
import Foundation

/// Reads archived items back, oldest insert first, a page at a time (keyset pagination on `id`,
/// so a large archive never sits in memory and a running daemon is not held up).
public struct ItemReader: Sendable {
    let database: DatabaseQueue

    public init(database: DatabaseQueue) {
        self.database = database
    }

    /// Which items to read.
    public struct Filter: Sendable {
        /// Only items fetched at or after this time.
        public var fetchedSince: Date?
        /// Only items from this feed URL.
        public var feedURL: String?

        public init(fetchedSince: Date? = nil, feedURL: String? = nil) {
            self.fetchedSince = fetchedSince
            self.feedURL = feedURL
        }
    }

    /// Calls `body` with each page of records, in insertion order.
    public func forEachPage(_ filter: Filter = Filter(), pageSize: Int = 2000,
                            _ body: ([ArchiveRecord]) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let (records, last) = try database.runBlocking { connection throws(PostgresError) in
                let result = try connection.execute("""
                    SELECT \(ItemColumns.selected) FROM items
                    WHERE id > $1 AND ($2::timestamptz IS NULL OR fetched_at >= $2::timestamptz)
                      AND ($3::text IS NULL OR feed_url = $3::text)
                    ORDER BY id LIMIT $4
                    """, [String(after), ItemColumns.timestamp(filter.fetchedSince), filter.feedURL, String(pageSize)])
                let records = (0..<result.rowCount).map { ItemColumns.record(result, row: $0) }
                let last = result.rowCount > 0 ? Int64(result.string(result.rowCount - 1, result.columnCount - 1) ?? "") : nil
                return (records, last)
            }
            if !records.isEmpty { try body(records) }
            guard let last, records.count == pageSize else { return }
            after = last
        }
    }

    /// Every record, for tests and small archives.
    public func all() throws -> [ArchiveRecord] {
        var records: [ArchiveRecord] = []
        try forEachPage { records += $0 }
        return records
    }

    /// Every alias and the canonical URL it leads to.
    public func aliases() throws -> [AliasRecord] {
        try database.runBlocking { connection throws(PostgresError) in
            let result = try connection.execute("SELECT alias, canonical_url FROM aliases ORDER BY alias")
            return (0..<result.rowCount).map { AliasRecord(alias: result.string($0, 0) ?? "", canonicalURL: result.string($0, 1) ?? "") }
        }
    }
}

import FeedArchive
import Foundation
import PostgresStore
import TestSupport

/// A fresh server with feedd's schema for one test, stopped afterwards.
func withDatabase(_ body: (DatabaseQueue, String) async throws -> Void) async throws {
    let server = try TestPostgres()
    defer { server.stop() }
    let uri = try server.createDatabase("feedd")
    let database = DatabaseQueue(uri: uri)
    try await SchemaMigrator(database: database).migrate()
    try await body(database, uri)
    await database.close()
}

func withDatabase(_ body: (DatabaseQueue) async throws -> Void) async throws {
    try await withDatabase { database, _ in try await body(database) }
}

/// Item `number` of a made-up feed, canonical URL `https://news.example/item/<n>` unless told otherwise.
func makeRecord(_ number: Int, canonicalURL: String? = nil, title: String? = nil) -> ArchiveRecord {
    let base = Date(timeIntervalSince1970: 1_780_000_000)
    return ArchiveRecord(
        canonicalURL: canonicalURL ?? "https://news.example/item/\(number)", url: "https://news.example/item/\(number)",
        feedURL: "https://news.example/feed.xml", feedTitle: "News", guid: "g\(number)", title: title ?? "Item \(number)",
        author: nil, published: base.addingTimeInterval(Double(number)), updated: nil, fetchedAt: base,
        summary: "About \(number)", content: nil, contentText: "About \(number)", categories: ["news"], enclosures: [])
}

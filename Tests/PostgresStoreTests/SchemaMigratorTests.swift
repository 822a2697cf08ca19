import FeedArchive
import Foundation
import PostgresStore
import TestSupport
import Testing

/// Schema creation, upgrade from an older version with data in it, and refusal of a newer one.
@Suite(.serialized, .enabled(if: TestPostgres.isAvailable, "\(TestPostgres.unavailableReason)"))
struct SchemaMigratorTests {
    @Test func createsTheSchemaOnceEvenWhenNodesMigrateTogether() async throws {
        let server = try TestPostgres()
        defer { server.stop() }
        let uri = try server.createDatabase("feedd")
        let queues = (0..<3).map { _ in DatabaseQueue(uri: uri) }
        #expect(try await SchemaMigrator(database: queues[0]).currentVersion() == 0)
        let outcomes = try await withThrowingTaskGroup(of: SchemaMigrator.Outcome.self) { group in
            for queue in queues { group.addTask { try await SchemaMigrator(database: queue).migrate() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // One of them ran both steps; the others found the schema current.
        #expect(outcomes.map(\.steps.count).sorted() == [0, 0, SchemaMigrator.latestVersion])
        #expect(try server.sql("SELECT version FROM feedd_schema ORDER BY version", database: "feedd")
                == (1...SchemaMigrator.latestVersion).map(String.init).joined(separator: "\n") + "\n")
        for queue in queues { await queue.close() }
    }

    @Test func upgradesAnOlderSchemaKeepingItsItems() async throws {
        let server = try TestPostgres()
        defer { server.stop() }
        let database = DatabaseQueue(uri: try server.createDatabase("feedd"))
        let migrator = SchemaMigrator(database: database)
        // A database as the first schema left it, with items archived.
        #expect(try await migrator.migrate(to: 1).to == 1)
        let archive = PostgresArchive(database: database, node: "old")
        #expect(try await archive.archive([ArchiveEntry(record: makeRecord(1)), ArchiveEntry(record: makeRecord(2))]) == [.archived, .archived])
        #expect(throws: (any Error).self) { try server.sql("SELECT count(*) FROM feeds", database: "feedd") }

        let upgrade = try await migrator.migrate()
        #expect(upgrade.from == 1 && upgrade.to == SchemaMigrator.latestVersion)
        #expect(try server.sql("SELECT count(*) FROM feeds", database: "feedd") == "0\n")
        #expect(try ItemReader(database: database).all().map(\.title) == ["Item 1", "Item 2"])
        #expect(try await archive.archive([ArchiveEntry(record: makeRecord(2))]) == [.duplicate])
        #expect(try await migrator.migrate().steps.isEmpty)
        await database.close()
    }

    @Test func refusesASchemaNewerThanItKnows() async throws {
        let server = try TestPostgres()
        defer { server.stop() }
        let database = DatabaseQueue(uri: try server.createDatabase("feedd"))
        try await SchemaMigrator(database: database).migrate()
        let newer = SchemaMigrator.latestVersion + 1
        try server.sql("INSERT INTO feedd_schema (version, summary) VALUES (\(newer), 'from a later feedd')", database: "feedd")
        do {
            try await SchemaMigrator(database: database).prepare()
            Issue.record("a newer schema was accepted")
        } catch {
            #expect(error.kind == .incompatible)
            #expect(error.description.contains("version \(newer), newer than this feedd knows"))
        }
        await database.close()
    }
}

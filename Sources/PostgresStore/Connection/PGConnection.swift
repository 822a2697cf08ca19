import CLibPQ
import Foundation

/// Owns one libpq connection (`PGconn`) and closes it.
///
/// libpq calls block, so a connection is used from one serial queue at a time (`DatabaseQueue`),
/// never from Swift's cooperative threads.
final class PGConnection {
    private let handle: OpaquePointer

    /// Connects to `uri` (a `postgresql://` URI or a libpq key=value string). libpq reads the
    /// password from the URI, `PGPASSWORD`, or `PGPASSFILE` / `~/.pgpass`, and honours `sslmode`
    /// and the other URI parameters; the defaults below apply only where the URI sets nothing.
    init(uri: String, applicationName: String) throws(PostgresError) {
        // With expand_dbname, the URI given as dbname is expanded in place, and its settings
        // override the keywords before it.
        let keywords: [String?] = ["connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
                        "application_name", "dbname"]
        let values: [String?] = ["10", "30", "10", "3", applicationName, uri]
        // Both arrays end in NULL, as libpq expects.
        let connection = Self.withCStrings(keywords + [nil]) { keywordPointers in
            Self.withCStrings(values + [nil]) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { throw PostgresError(.unavailable, "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(.unavailable, message)
        }
        handle = connection
        // Notices ("relation already exists, skipping") are not the operator's business.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        // Item text over 2 kB is compressed as it is stored; lz4 takes a fraction of the CPU of
        // PostgreSQL's default (pglz). A server built without it keeps its default.
        _ = try? execute("SET default_toast_compression = 'lz4'")
    }

    deinit {
        PQfinish(handle)
    }

    /// False once the connection broke (the server went away); it must then be replaced.
    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one statement with text parameters (`$1`, `$2`, …; nil is NULL) and returns its
    /// result. A statement the server refuses throws `.statement`; a broken connection `.unavailable`.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PGResult {
        let raw: OpaquePointer? = Self.withCStrings(parameters) { pointers in
            PQexecParams(handle, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        guard let raw else { throw failure(nil) }
        let result = PGResult(raw)
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return result
        default:
            throw failure(raw)
        }
    }

    /// Per-connection setup already done (a temporary table, say), by name.
    var prepared: Set<String> = []

    /// Runs `COPY … FROM STDIN` with `data` as its whole input (in the format the statement names).
    func copyIn(_ sql: String, data: [UInt8]) throws(PostgresError) {
        guard let start = PQexec(handle, sql) else { throw failure(nil) }
        let started = PGResult(start)
        guard PQresultStatus(start) == PGRES_COPY_IN else { throw failure(start) }
        _ = started
        var sent = true
        data.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count && sent {
                let length = min(1 << 20, buffer.count - offset)
                sent = buffer.baseAddress.map { base in
                    PQputCopyData(handle, UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self), Int32(length)) == 1
                } ?? false
                offset += length
            }
        }
        sent = PQputCopyEnd(handle, sent ? nil : "feedd could not send the data") == 1 && sent
        var problem: PostgresError?
        while let raw = PQgetResult(handle) {
            let result = PGResult(raw)
            if PQresultStatus(raw) != PGRES_COMMAND_OK && problem == nil { problem = failure(raw) }
            _ = result
        }
        if let problem { throw problem }
        if !sent { throw failure(nil) }
    }

    /// Runs statements that take no parameters (several may be separated by semicolons).
    func executeScript(_ sql: String) throws(PostgresError) {
        guard let raw = PQexec(handle, sql) else { throw failure(nil) }
        let result = PGResult(raw)
        guard PQresultStatus(raw) == PGRES_COMMAND_OK || PQresultStatus(raw) == PGRES_TUPLES_OK else { throw failure(raw) }
        _ = result
    }

    /// Runs `body` inside BEGIN … COMMIT, rolling back when it throws.
    func transaction<T>(_ body: () throws(PostgresError) -> T) throws(PostgresError) -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isHealthy { _ = try? execute("ROLLBACK") }
            // What the transaction set up is gone with it.
            prepared.removeAll()
            throw error
        }
    }

    private func failure(_ result: OpaquePointer?) -> PostgresError {
        let message: String
        if let result, let text = PQresultErrorMessage(result), text.pointee != 0 {
            message = String(cString: text)
        } else {
            message = String(cString: PQerrorMessage(handle))
        }
        let sqlState = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        // Class 08 is a connection exception; 57P01..57P03 are the server shutting down or starting.
        if !isHealthy || sqlState?.hasPrefix("08") == true || ["57P01", "57P02", "57P03"].contains(sqlState ?? "") {
            return PostgresError(.unavailable, message, sqlState: sqlState)
        }
        return PostgresError(.statement, message, sqlState: sqlState)
    }

    /// Hands `body` C strings for `strings` (NULL for nil), valid for the call only.
    private static func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { $0.flatMap { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}

/// A failure talking to PostgreSQL.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// No connection, or it broke: the server is down, restarting or unreachable. Worth a retry later.
        case unavailable
        /// The server refused a statement (SQLSTATE in `sqlState`).
        case statement
        /// The database holds something feedd cannot work with (a newer schema, a bad value).
        case incompatible
    }

    public var kind: Kind
    /// libpq's or the server's message, one line.
    public var message: String
    /// The five-character SQLSTATE, when the server sent one.
    public var sqlState: String?

    public init(_ kind: Kind, _ message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        self.sqlState = sqlState
    }

    public var description: String {
        switch kind {
        case .unavailable: "database unavailable (\(message))"
        case .statement: "database error\(sqlState.map { " \($0)" } ?? ""): \(message)"
        case .incompatible: message
        }
    }

    /// A deadlock or serialization failure: the transaction may simply be run again.
    var isRetryable: Bool { sqlState == "40P01" || sqlState == "40001" }
}

import Dispatch
import Foundation
import Synchronization

/// One PostgreSQL connection and the serial queue that alone uses it.
///
/// libpq blocks, so every call runs on this queue's own thread, never on Swift's cooperative
/// pool (where it would stall unrelated tasks). A broken connection is dropped and replaced on
/// the next call; while the server cannot be reached, calls fail at once with `.unavailable`
/// instead of each waiting for a connect timeout, and reconnection is tried again after a delay
/// that doubles up to `maxRetryDelay`.
public final class DatabaseQueue: Sendable {
    public let uri: String
    private let applicationName: String
    private let queue: DispatchQueue
    private let maxRetryDelay: Double
    /// Touched only on `queue`.
    private nonisolated(unsafe) var connection: PGConnection?
    private nonisolated(unsafe) var lastFailure: (at: Double, delay: Double, error: PostgresError)?
    private let closed = Atomic<Bool>(false)

    public init(uri: String, applicationName: String = "feedd", label: String = "feedd.postgres", maxRetryDelay: Double = 5) {
        self.uri = uri
        self.applicationName = applicationName
        self.maxRetryDelay = maxRetryDelay
        queue = DispatchQueue(label: label)
    }

    /// Runs `body` with the connection on the queue and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws(PostgresError) -> T) async throws(PostgresError) -> T {
        let result: Result<T, PostgresError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.runHere(body))
            }
        }
        return try result.get()
    }

    /// Runs `body` on the queue without waiting; `completion` gets its result there.
    func dispatch<T>(_ body: @escaping @Sendable (PGConnection) throws(PostgresError) -> T,
                     completion: @escaping @Sendable (Result<T, PostgresError>) -> Void) {
        queue.async {
            completion(self.runHere(body))
        }
    }

    /// The same, blocking the caller: for command-line tools that do nothing else meanwhile.
    func runBlocking<T>(_ body: (PGConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        try queue.sync { runHere(body) }.get()
    }

    /// Forgets the connection once queued work is done; later calls connect anew.
    public func close() async {
        closed.store(true, ordering: .relaxed)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.connection = nil
                continuation.resume()
            }
        }
    }

    private func runHere<T>(_ body: (PGConnection) throws(PostgresError) -> T) -> Result<T, PostgresError> {
        do throws(PostgresError) {
            let connection = try connected()
            do throws(PostgresError) {
                return .success(try body(connection))
            } catch {
                if !connection.isHealthy || error.kind == .unavailable {
                    self.connection = nil
                    lastFailure = (Self.now(), 0.25, error)
                }
                return .failure(error)
            }
        } catch {
            return .failure(error)
        }
    }

    private func connected() throws(PostgresError) -> PGConnection {
        if let connection, connection.isHealthy { return connection }
        connection = nil
        if let failure = lastFailure, Self.now() < failure.at + failure.delay {
            throw PostgresError(.unavailable, failure.error.message, sqlState: failure.error.sqlState)
        }
        do throws(PostgresError) {
            let fresh = try PGConnection(uri: uri, applicationName: applicationName)
            connection = fresh
            lastFailure = nil
            return fresh
        } catch {
            let delay = min(maxRetryDelay, max(0.25, (lastFailure?.delay ?? 0.125) * 2))
            lastFailure = (Self.now(), delay, error)
            throw error
        }
    }

    private static func now() -> Double { Date().timeIntervalSince1970 }
}

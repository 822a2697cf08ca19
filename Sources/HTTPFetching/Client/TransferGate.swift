/// A say, beyond the client's own limits, in when a transfer to a host may start.
///
/// The client asks `enter` before it queues a request and calls `leave` once the transfer is
/// over, whatever its outcome. On a shared store this is how several nodes keep `per_host`
/// between them: a node talks to a host only while it holds one of that host's turns.
/// A redirect to another host goes on under the first host's turn, as it does for the
/// client's own per-host limit.
public protocol TransferGate: Sendable {
    /// Waits for a turn at `host` (`host:port`, lower-cased). Throws `.cancelled` when the
    /// calling task is cancelled, or another error when no turn can be had (the fetch then fails
    /// with it, and `leave` is not called).
    func enter(host: String) async throws(FetchError)
    /// Gives back a turn `enter` granted.
    func leave(host: String) async
}

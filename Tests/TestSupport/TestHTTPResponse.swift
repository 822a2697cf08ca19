/// What `TestHTTPServer` sends for a request: a status, headers, and a body that may be sent
/// whole, in pauses, forever, short of what it announced, or not at all.
public struct TestHTTPResponse: Sendable {
    /// How the body goes out.
    public enum Body: Sendable {
        /// All at once, with a matching Content-Length unless a header gives one.
        case bytes([UInt8])
        /// Piece by piece with a pause before each (a trickle); Content-Length is the total.
        case pieces([[UInt8]], pause: Duration)
        /// `chunk` again and again until the client goes away; no Content-Length, then close.
        case endless(chunk: [UInt8])
        /// Announces `claimed` bytes, sends `actual`, then closes the connection.
        case lyingLength(actual: [UInt8], claimed: Int)
        /// Closes the connection without sending anything.
        case closeWithoutResponse
    }

    public var status: Int
    /// Sent in order; names as given.
    public var headers: [(name: String, value: String)]
    public var body: Body
    /// Time to wait before sending anything (interrupted by `stop()`); the request counts as in
    /// flight meanwhile.
    public var delay: Duration

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .bytes([]),
                delay: Duration = .zero) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
    }

    /// 200 with `body`.
    public static func ok(_ body: [UInt8], contentType: String = "application/rss+xml",
                          headers: [(name: String, value: String)] = []) -> Self {
        Self(status: 200, headers: [("Content-Type", contentType)] + headers, body: .bytes(body))
    }

    /// 200 with `text` in UTF-8.
    public static func ok(_ text: String, contentType: String = "application/rss+xml",
                          headers: [(name: String, value: String)] = []) -> Self {
        ok(Array(text.utf8), contentType: contentType, headers: headers)
    }

    /// Any status with an optional plain-text body.
    public static func status(_ status: Int, headers: [(name: String, value: String)] = [],
                              body: String = "") -> Self {
        Self(status: status, headers: headers, body: .bytes(Array(body.utf8)))
    }

    /// A redirect to `location` (relative or absolute).
    public static func redirect(_ status: Int = 302, to location: String) -> Self {
        Self(status: status, headers: [("Location", location)])
    }

    /// `body` in pieces of `piece` bytes, waiting `every` before each.
    public static func trickle(_ body: [UInt8], piece: Int = 1, every pause: Duration) -> Self {
        let size = max(1, piece)
        let pieces = stride(from: 0, to: body.count, by: size).map { Array(body[$0..<min($0 + size, body.count)]) }
        return Self(status: 200, headers: [("Content-Type", "application/rss+xml")], body: .pieces(pieces, pause: pause))
    }

    /// A body that never ends.
    public static func endless(chunk: [UInt8] = Array(repeating: UInt8(ascii: "x"), count: 64 << 10)) -> Self {
        Self(status: 200, headers: [("Content-Type", "application/rss+xml")], body: .endless(chunk: chunk))
    }

    /// Announces `claimed` bytes but sends only `actual`, then closes.
    public static func lyingLength(_ actual: [UInt8], claimed: Int) -> Self {
        Self(status: 200, headers: [("Content-Type", "application/rss+xml")],
             body: .lyingLength(actual: actual, claimed: claimed))
    }

    /// The connection closes with no response at all.
    public static let abruptClose = Self(status: 0, body: .closeWithoutResponse)

    /// This response, sent after `delay`.
    public func delayed(by delay: Duration) -> Self {
        var copy = self
        copy.delay = delay
        return copy
    }

    /// This response with one more header.
    public func adding(_ name: String, _ value: String) -> Self {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }

    /// The value of header `name`, whatever its case.
    func header(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }
}

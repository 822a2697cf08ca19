/// A request as `TestHTTPServer` received it.
public struct TestHTTPRequest: Sendable, Equatable {
    public var method: String
    /// The request target as sent: path and query.
    public var target: String
    /// The target without its query.
    public var path: String
    /// What follows `?` in the target, if anything.
    public var query: String?
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    /// Header values by lower-cased name; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, target: String, version: String = "HTTP/1.1", headers: [String: String] = [:],
                body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.version = version
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = parts.first.map(String.init) ?? target
        query = parts.count > 1 ? String(parts[1]) : nil
        self.headers = headers
        self.body = body
    }

    /// The value of header `name`, whatever its case.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}

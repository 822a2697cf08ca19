import Foundation

/// Where the metrics server listens: an IP literal and a port, as `[metrics] listen` gives it.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// An IPv4 or IPv6 literal (IPv6 without brackets).
    public let host: String
    /// The TCP port, 1 to 65535.
    public let port: UInt16
    /// Whether `host` is an IPv6 literal.
    public var isIPv6: Bool { host.contains(":") }

    /// An address already known to be valid.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `127.0.0.1:9464`, `[::1]:9464` or `localhost:9464` (127.0.0.1). Host names other
    /// than localhost are refused: what a name resolves to may change, the address to bind may not.
    /// On failure, the reason, for an error naming the file and line.
    public static func parse(_ text: String) -> Result<ListenAddress, ListenAddressError> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else {
                return .failure(.init("\"\(text)\" is not host:port (an IPv6 address is written [::1]:9464)"))
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                return .failure(.init("\"\(text)\" is not host:port such as \"127.0.0.1:9464\""))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = UInt16(portText), port > 0 else {
            return .failure(.init("\"\(text)\": the port must be a number from 1 to 65535"))
        }
        if host.lowercased() == "localhost" { return .success(ListenAddress(host: "127.0.0.1", port: port)) }
        let literal = String(host)
        guard Self.isLiteral(literal, family: host.contains(":") ? AF_INET6 : AF_INET) else {
            return .failure(.init("\"\(text)\": \"\(host)\" is not an IP address (write 127.0.0.1, [::1] or localhost)"))
        }
        return .success(ListenAddress(host: literal, port: port))
    }

    /// `host:port`, with an IPv6 host in brackets, as it is written in the config.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    private static func isLiteral(_ host: String, family: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(family, host, &buffer) == 1
    }
}

/// Why a `listen` value was refused.
public struct ListenAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value and what is wrong with it.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

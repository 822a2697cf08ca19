/// An authority (RFC 3986 §3.2) split into userinfo, host and port, as byte ranges.
struct AuthorityParts {
    /// Before the last "@", without it; nil when there is no "@".
    var userinfo: Range<Int>?
    /// The host; for an IP literal, the inside of the brackets (see `isIPLiteral`).
    var host: Range<Int>
    /// Whether the host was written in brackets (`[::1]`).
    var isIPLiteral: Bool
    /// After the ":" that ends the host, without it; nil when there is no ":".
    var port: Range<Int>?

    /// Nil when a bracketed host is not closed, or is followed by something other than a port.
    init?(parsing authority: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) {
        var hostStart = authority.lowerBound
        userinfo = nil
        if let at = authority.last(where: { bytes[$0] == ByteClass.at }) {
            userinfo = authority.lowerBound..<at
            hostStart = at + 1
        }
        let end = authority.upperBound
        port = nil

        if hostStart < end, bytes[hostStart] == ByteClass.openBracket {
            guard let close = (hostStart..<end).first(where: { bytes[$0] == ByteClass.closeBracket })
            else { return nil }
            host = (hostStart + 1)..<close
            isIPLiteral = true
            if close + 1 < end {
                guard bytes[close + 1] == ByteClass.colon else { return nil }
                port = (close + 2)..<end
            }
            return
        }

        isIPLiteral = false
        if let colon = (hostStart..<end).first(where: { bytes[$0] == ByteClass.colon }) {
            host = hostStart..<colon
            port = (colon + 1)..<end
        } else {
            host = hostStart..<end
        }
    }
}

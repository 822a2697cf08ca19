/// What the client must know about a requested URL before queueing it: that it may be fetched at
/// all, and which host's limit it counts against.
struct RequestTarget: Sendable, Equatable {
    /// `host:port` of the requested URL (the scheme's default port when none is given), lower-cased;
    /// `file:` for local files.
    let hostKey: String
    let scheme: String

    var isFile: Bool { scheme == "file" }

    init(url: String) throws(FetchError) {
        guard let scheme = Self.scheme(of: url) else {
            throw FetchError(.transfer, "malformed URL, no scheme (\(url))")
        }
        guard ["http", "https", "file"].contains(scheme) else {
            throw FetchError(.refusedScheme, "refused scheme \(scheme): (only http, https and file)")
        }
        guard let parsed = CurlURL(url) else {
            throw FetchError(.transfer, "malformed URL (\(url))")
        }
        self.scheme = scheme
        if scheme == "file" {
            hostKey = "file:"
        } else {
            guard let host = parsed.host, let port = parsed.port else {
                throw FetchError(.transfer, "malformed URL, no host (\(url))")
            }
            hostKey = "\(host.lowercased()):\(port)"
        }
    }

    /// The lower-cased scheme (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`, then `:`).
    private static func scheme(of url: String) -> String? {
        var scheme: [UInt8] = []
        for byte in url.utf8 {
            if byte == UInt8(ascii: ":") { return scheme.isEmpty ? nil : String(decoding: scheme, as: UTF8.self) }
            let lower = byte | 0x20
            let isLetter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
            let isOther = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            guard isLetter || (!scheme.isEmpty && isOther) else { return nil }
            scheme.append(isLetter ? lower : byte)
        }
        return nil
    }
}

import AddressPolicy

/// What the client must know about a requested URL before queueing it: that it may be fetched at
/// all, which host's limit it counts against, and what its trust lets it reach.
struct RequestTarget: Sendable, Equatable {
    /// `host:port` of the requested URL (the scheme's default port when none is given), lower-cased;
    /// `file:` for local files.
    let hostKey: String
    let scheme: String
    /// The address a configured URL's host names, and that host: reachable whatever the policy
    /// says, but only while the transfer is on that host. Nil for untrusted requests and names.
    let exemption: HostExemption?

    var isFile: Bool { scheme == "file" }

    init(_ request: FetchRequest) throws(FetchError) {
        try self.init(url: request.url, trust: request.trust)
    }

    init(url: String, trust: FetchTrust) throws(FetchError) {
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
            // A stranger's file: URL would read the machine's files.
            guard trust == .configured else {
                throw FetchError(.refusedScheme, "refused scheme file: (only for a configured feed URL)")
            }
            hostKey = "file:"
            exemption = nil
            return
        }
        guard let host = parsed.host, let port = parsed.port else {
            throw FetchError(.transfer, "malformed URL, no host (\(url))")
        }
        hostKey = "\(host.lowercased()):\(port)"
        switch trust {
        case .configured:
            exemption = HostExemption(host: host)
        case .redirected(let origin):
            exemption = CurlURL(origin)?.host.flatMap(HostExemption.init(host:))
        case .untrusted:
            exemption = nil
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

/// A configured URL's host and what it names literally (an address, or loopback for `localhost`).
struct HostExemption: Sendable, Equatable {
    /// Lower-cased, as libcurl writes it (`[::1]` with brackets).
    let host: String
    let addresses: AddressExemption

    init?(host: String) {
        guard let addresses = AddressExemption(host: host) else { return nil }
        self.host = host.lowercased()
        self.addresses = addresses
    }
}

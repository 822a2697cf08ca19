/// Turns an item's absolute URL into its canonical form, the basis of its dedup key.
///
/// For `http` and `https` URLs (RFC 3986 §6 plus the web's conventions):
/// - surrounding whitespace and control characters are trimmed; tabs inside, and line breaks
///   with the spaces around them, are removed; the scheme and host are lower-cased;
/// - a non-ASCII host becomes ASCII: lower-cased, in NFC, and each non-ASCII label written as
///   `xn--` + Punycode (RFC 3492); this is not full UTS #46 (see `IDNHost`); IP literals
///   (`[::1]`) are lower-cased;
/// - the default port (80 for http, 443 for https) and an empty port are dropped, and leading
///   zeros of a port removed;
/// - percent-escapes are upper-cased, escaped unreserved characters (ALPHA DIGIT - . _ ~)
///   decoded, and characters not allowed raw (spaces, non-ASCII as UTF-8, a `%` that starts no
///   escape, …) escaped; escaped reserved characters such as `%2F` stay escaped, `+` stays `+`,
///   backslashes are left as written;
/// - "." and ".." segments are removed; an empty path becomes `/`; `//` inside a path and a
///   trailing slash are kept as written;
/// - tracking parameters (see `TrackingParameters`) and empty parameters are dropped, the rest
///   sorted by name (stably: equal names keep their order); an empty query goes with its `?`;
/// - the fragment is dropped, except a `#!` "hashbang" fragment, which single-page sites use
///   to tell their articles apart;
/// - userinfo is kept (with its escapes normalized) and an empty one dropped: links with
///   credentials are rare, and two that differ there may well be different resources.
///
/// Other URLs with an authority (`ftp://`, `gemini://`, …) get the scheme-independent part of
/// that: case, percent-encoding, IDN and dot segments; their port, empty path, query and
/// fragment are otherwise left as written. URLs without one (`mailto:`, `urn:`, `tag:`) only
/// have their scheme lower-cased.
public struct URLCanonicalizer: Sendable {
    /// The query parameters dropped from http(s) URLs.
    public let trackingParameters: TrackingParameters

    /// A canonicalizer that drops `trackingParameters` from queries.
    public init(trackingParameters: TrackingParameters = .default) {
        self.trackingParameters = trackingParameters
    }

    /// The canonical form of `url`.
    ///
    /// - Returns: nil when `url` is not an absolute URL with a scheme, and for http(s) URLs
    ///   without a host, with a port that is not a number, or with an unclosed `[`.
    public func canonicalize(_ url: String) -> String? {
        InputBytes.withTrimmedUTF8(url) { bytes in
            canonicalize(bytes: bytes).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    private func canonicalize(bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let parts = URIParts(parsing: bytes)
        guard let scheme = parts.scheme else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        for index in scheme { output.append(ByteClass.lowercased(bytes[index])) }
        output.append(ByteClass.colon)
        let webScheme = WebScheme(output[..<scheme.count])

        guard let authorityRange = parts.authority,
              let authority = AuthorityParts(parsing: authorityRange, in: bytes),
              let port = Port(authority.port, in: bytes) else {
            if webScheme != nil { return nil }
            output.append(contentsOf: bytes[(scheme.upperBound + 1)...])  // opaque: left as written
            return output
        }
        if webScheme != nil, authority.host.isEmpty { return nil }

        output.append(ByteClass.slash)
        output.append(ByteClass.slash)
        if let userinfo = authority.userinfo, !userinfo.isEmpty {
            PercentEncoding.append(bytes[userinfo], as: .userinfo, mode: .normalize, to: &output)
            output.append(ByteClass.at)
        }
        appendHost(authority, of: bytes, to: &output)
        if case .number(let digits) = port, !(webScheme?.hasDefaultPort(digits) ?? false) {
            output.append(ByteClass.colon)
            output.append(contentsOf: digits)
        }

        let pathStart = output.count
        PercentEncoding.append(bytes[parts.path], as: .path, mode: .normalize, to: &output)
        DotSegments.remove(in: &output, from: pathStart)
        if webScheme != nil, output.count == pathStart { output.append(ByteClass.slash) }

        if let query = parts.query {
            output.append(ByteClass.question)
            let queryStart = output.count
            PercentEncoding.append(bytes[query], as: .query, mode: .normalize, to: &output)
            if webScheme != nil {
                QueryParameters.canonicalize(in: &output, from: queryStart, dropping: trackingParameters)
                if output.count == queryStart { output.removeLast() }
            }
        }

        if let fragment = parts.fragment,
           webScheme == nil || (!fragment.isEmpty && bytes[fragment.lowerBound] == ByteClass.exclamation) {
            output.append(ByteClass.hash)
            PercentEncoding.append(bytes[fragment], as: .fragment, mode: .normalize, to: &output)
        }
        return output
    }

    private func appendHost(_ authority: AuthorityParts, of bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        if authority.isIPLiteral {
            output.append(ByteClass.openBracket)
            PercentEncoding.append(bytes[authority.host], as: .ipLiteral, mode: .normalize, to: &output)
            output.append(ByteClass.closeBracket)
            return
        }
        let hostStart = output.count
        if PercentEncoding.append(bytes[authority.host], as: .host, mode: .normalize, to: &output) {
            IDNHost.convertToASCII(in: &output, from: hostStart)
        }
    }

    /// A port as it goes into the canonical form.
    private enum Port {
        /// No port, or an empty one.
        case absent
        /// The digits without leading zeros (`0` for zero).
        case number(Slice<UnsafeBufferPointer<UInt8>>)

        /// Nil when the port is not a number.
        init?(_ range: Range<Int>?, in bytes: UnsafeBufferPointer<UInt8>) {
            guard let range, !range.isEmpty else {
                self = .absent
                return
            }
            let digits = bytes[range]
            guard digits.allSatisfy(ByteClass.isDigit) else { return nil }
            let firstSignificant = digits.firstIndex { $0 != 0x30 } ?? range.upperBound - 1
            self = .number(digits[firstSignificant...])
        }
    }

    /// The schemes that get the full canonical form.
    private enum WebScheme {
        case http
        case https

        /// Nil for other schemes; `scheme` is lower-case.
        init?(_ scheme: ArraySlice<UInt8>) {
            // Compared byte by byte: generic `elementsEqual` costs more than the rest of the URL.
            guard scheme.count == 4 || scheme.count == 5,
                  scheme.starts(with: [0x68, 0x74, 0x74, 0x70]) else { return nil }  // "http"
            if scheme.count == 4 {
                self = .http
            } else if scheme.last == 0x73 {  // "s"
                self = .https
            } else {
                return nil
            }
        }

        func hasDefaultPort(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
            switch self {
            case .http: digits.count == 2 && digits.starts(with: [0x38, 0x30])            // "80"
            case .https: digits.count == 3 && digits.starts(with: [0x34, 0x34, 0x33])     // "443"
            }
        }
    }
}

/// Character classes of RFC 3986 §2–3 over UTF-8 bytes, for parsing and percent-encoding.
///
/// Plain `switch`/range tests: the optimizer turns them into a few compares, with no table
/// lookups or lazy globals on the hot path.
enum ByteClass {
    /// The parts of a URI whose raw characters differ (RFC 3986 §3).
    enum Component {
        /// A whole authority as written (`userinfo@host:port`), used when resolving, where
        /// non-ASCII hosts are left for canonicalization to turn into Punycode.
        case authority
        case userinfo
        /// A registered name; raw non-ASCII bytes are kept for IDN processing.
        case host
        /// The inside of `[...]`: an IPv6 or IPvFuture literal.
        case ipLiteral
        case path
        case query
        case fragment
    }

    static let percent: UInt8 = 0x25       // %
    static let slash: UInt8 = 0x2F         // /
    static let colon: UInt8 = 0x3A         // :
    static let question: UInt8 = 0x3F      // ?
    static let hash: UInt8 = 0x23          // #
    static let at: UInt8 = 0x40            // @
    static let dot: UInt8 = 0x2E           // .
    static let ampersand: UInt8 = 0x26     // &
    static let equals: UInt8 = 0x3D        // =
    static let openBracket: UInt8 = 0x5B   // [
    static let closeBracket: UInt8 = 0x5D  // ]
    static let backslash: UInt8 = 0x5C     // \
    static let exclamation: UInt8 = 0x21   // !

    @inline(__always)
    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }

    /// ALPHA / DIGIT / "-" / "." / "_" / "~": never needs escaping, so escaping it is undone.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    /// "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "=".
    @inline(__always)
    static func isSubDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x24, 0x26...0x2C, 0x3B, 0x3D: true
        default: false
        }
    }

    /// ALPHA / DIGIT / "+" / "-" / ".": the characters after a scheme's first letter.
    @inline(__always)
    static func isSchemeCharacter(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E
    }

    /// Whether `byte` may stand unescaped in `component`.
    ///
    /// Backslashes count as allowed everywhere: browsers read them as `/` in http(s) URLs,
    /// RFC 3986 forbids them, and either rewrite would change what the link means to someone.
    @inline(__always)
    static func isAllowed(_ byte: UInt8, in component: Component) -> Bool {
        if isUnreserved(byte) || isSubDelimiter(byte) || byte == backslash { return true }
        switch component {
        case .authority:
            return byte == colon || byte == at || byte == openBracket || byte == closeBracket || byte >= 0x80
        case .userinfo, .ipLiteral:
            return byte == colon
        case .host:
            return byte >= 0x80
        case .path:
            return byte == colon || byte == at || byte == slash
        case .query, .fragment:
            return byte == colon || byte == at || byte == slash || byte == question
        }
    }

    /// The ASCII bytes that `isAllowed` lets stand raw in `component` ("%" is never one).
    static func copiedAsIs(in component: Component) -> ByteSet {
        switch component {
        case .authority: Sets.authority
        case .userinfo, .ipLiteral: Sets.userinfo
        case .host: Sets.host
        case .path: Sets.path
        case .query, .fragment: Sets.query
        }
    }

    /// Built once from `isAllowed`, the readable definition.
    private enum Sets {
        static let authority = ByteSet { isAllowed($0, in: .authority) }
        static let userinfo = ByteSet { isAllowed($0, in: .userinfo) }
        static let host = ByteSet { isAllowed($0, in: .host) }
        static let path = ByteSet { isAllowed($0, in: .path) }
        static let query = ByteSet { isAllowed($0, in: .query) }
    }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        if isDigit(byte) { return byte &- 0x30 }
        let lower = byte | 0x20
        if lower &- 0x61 < 6 { return lower &- 0x61 &+ 10 }
        return nil
    }

    /// The upper-case hexadecimal digit for a value below 16.
    @inline(__always)
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 &+ value : 0x41 &+ value &- 10
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }
}

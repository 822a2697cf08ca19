/// The host:port a URL talks to, lower-cased: the unit of per-host politeness.
/// Local files count as one host, `file:`.
enum HostKey {
    /// Byte-wise: the schedule asks for the host of every feed it is given.
    static func of(_ url: String) -> String {
        let bytes = url.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return "" }
        let afterColon = bytes[bytes.index(after: colon)...]
        guard afterColon.starts(with: "//".utf8) else { return "" }
        if bytes[..<colon].elementsEqual("file".utf8, by: { $0 | 0x20 == $1 }) { return "file:" }
        let rest = afterColon.dropFirst(2)
        var authority = rest.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) { authority = authority[authority.index(after: at)...] }
        guard authority.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            return String(Substring(authority))
        }
        return String(decoding: authority.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}

import Foundation

/// The host:port a URL talks to, lower-cased: the unit of per-host politeness.
/// Local files count as one host, `file:`.
enum HostKey {
    static func of(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "" }
        if url.prefix(5).lowercased() == "file:" { return "file:" }
        let rest = url[schemeEnd.upperBound...]
        var authority = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        return authority.lowercased()
    }
}

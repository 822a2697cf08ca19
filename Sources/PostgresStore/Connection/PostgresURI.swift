import CLibPQ
import Foundation

/// What feedd accepts as `[archive] store`: a libpq connection URI.
public enum PostgresURI {
    /// Whether `text` names a PostgreSQL store at all (rather than `local`).
    public static func isPostgres(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// Nil when libpq can parse `uri`, else its reason.
    public static func problem(_ uri: String) -> String? {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(uri, &message) else {
            defer { if let message { PQfreemem(message) } }
            let reason = message.map { String(cString: $0) } ?? "libpq cannot parse it"
            // libpq quotes the URI in some messages: never with its password.
            return reason.split(whereSeparator: \.isNewline).joined(separator: "; ")
                .replacingOccurrences(of: uri, with: redacted(uri))
        }
        defer { PQconninfoFree(options) }
        // libpq checks a port only when it connects; a typo should fail check-config instead.
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "port", let value = option.pointee.val {
                let ports = String(cString: value).split(separator: ",", omittingEmptySubsequences: false)
                if ports.contains(where: { $0.isEmpty || !$0.allSatisfy(\.isNumber) || (Int($0) ?? 0) > 65535 }) {
                    return "invalid port \"\(String(cString: value))\""
                }
            }
            option += 1
        }
        return nil
    }

    /// `uri` with any password replaced by `***`, for logs and messages.
    public static func redacted(_ uri: String) -> String {
        guard let schemeEnd = uri.range(of: "://") else { return uri }
        let rest = uri[schemeEnd.upperBound...]
        let authority = rest.prefix(while: { $0 != "/" && $0 != "?" })
        var result = String(uri[..<schemeEnd.upperBound])
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            result += authority[..<colon] + ":***" + authority[at...]
        } else {
            result += authority
        }
        result += rest[authority.endIndex...]
        if let range = result.range(of: "password=") {
            let valueEnd = result[range.upperBound...].firstIndex(of: "&") ?? result.endIndex
            result.replaceSubrange(range.upperBound..<valueEnd, with: "***")
        }
        return result
    }
}

import Foundation

extension FetchResponse {
    /// How long the server asks the client to wait before trying again (429, 503), from
    /// `Retry-After` as delta-seconds or an HTTP-date; a date in the past gives 0. Nil when the
    /// header is missing or unreadable.
    public func retryAfterSeconds(now: Date) -> Int? {
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        if let seconds = Self.deltaSeconds(value) { return seconds }
        return HTTPDate.parse(value).map { Self.seconds(from: now, to: $0) }
    }

    /// How long the response stays fresh by the server's word: `Cache-Control` `max-age`, else
    /// `s-maxage`, else `Expires` minus `Date` (or minus `now` without a `Date`). An unreadable
    /// `Expires` counts as already expired (0), as RFC 9111 says. Nil when the server gives no lifetime.
    public func freshnessSeconds(now: Date) -> Int? {
        if let cacheControl = headers["cache-control"] {
            let directives = Self.directives(cacheControl)
            for name in ["max-age", "s-maxage"] {
                if let value = directives[name], let seconds = Self.deltaSeconds(value) { return seconds }
            }
        }
        guard let expiresText = headers["expires"] else { return nil }
        guard let expires = HTTPDate.parse(expiresText) else { return 0 }
        let date = headers["date"].flatMap(HTTPDate.parse) ?? now
        return Self.seconds(from: date, to: expires)
    }

    /// Non-negative whole seconds, as HTTP writes them; huge values are clamped rather than refused.
    private static func deltaSeconds(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int(text) ?? Int(Int32.max)
    }

    private static func seconds(from start: Date, to end: Date) -> Int {
        let interval = end.timeIntervalSince(start).rounded(.up)
        return interval <= 0 ? 0 : Int(min(interval, Double(Int32.max)))
    }

    /// Cache-Control directives by lower-cased name; quoted values unquoted.
    private static func directives(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard let rawName = pieces.first else { continue }
            let name = rawName.trimmingCharacters(in: .whitespaces).lowercased()
            var value = pieces.count > 1 ? pieces[1].trimmingCharacters(in: .whitespaces) : ""
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            // The first occurrence wins, as caches do.
            if result[name] == nil { result[name] = value }
        }
        return result
    }
}

/// The site a URL belongs to: its registrable domain (`news.example.co.uk` → `example.co.uk`),
/// or the IP address itself for an IP literal. Two pages are on one site when these are equal:
/// a page may speak for another page of its own site (a canonical link), not for another's.
public enum RegistrableDomain {
    /// The site of `url` (an absolute http(s) URL), or nil when it has no host.
    public static func of(url: String, suffixes: PublicSuffixList? = PublicSuffixList.system) -> String? {
        guard let host = host(of: url) else { return nil }
        return of(host: host, suffixes: suffixes)
    }

    /// The site of `host` (lower-case ASCII, as canonical URLs have it).
    public static func of(host: String, suffixes: PublicSuffixList? = PublicSuffixList.system) -> String {
        if host.hasPrefix("[") || host.allSatisfy({ $0.isNumber || $0 == "." }) { return host }
        let trimmed = host.hasSuffix(".") ? String(host.dropLast()) : host
        let labels = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count > 1 else { return trimmed }
        let suffix = suffixes?.suffixLabelCount(labels) ?? fallbackSuffixLabelCount(labels)
        return labels.suffix(min(labels.count, suffix + 1)).joined(separator: ".")
    }

    /// Without the list: a country code under a generic second level (`co.uk`, `com.au`, `ac.jp`)
    /// is a suffix of two labels, anything else of one.
    static func fallbackSuffixLabelCount(_ labels: [Substring]) -> Int {
        guard labels.count >= 3, let top = labels.last, top.count == 2,
              genericSecondLevels.contains(String(labels[labels.count - 2])) else { return 1 }
        return 2
    }

    private static let genericSecondLevels: Set<String> = [
        "ac", "co", "com", "edu", "gob", "gov", "go", "govt", "ltd", "mil", "ne", "net", "nhs", "or", "org", "plc", "sch",
    ]

    /// The lower-cased host of an absolute URL with an authority, without userinfo and port.
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        let host: Substring
        if hostAndPort.hasPrefix("["), let close = hostAndPort.firstIndex(of: "]") {
            host = hostAndPort[...close]
        } else {
            host = hostAndPort.prefix { $0 != ":" }
        }
        return host.isEmpty ? nil : host.lowercased()
    }
}

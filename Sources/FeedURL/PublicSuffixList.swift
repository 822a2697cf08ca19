import Foundation

/// The Public Suffix List (publicsuffix.org): which domain suffixes anyone may register names
/// under (`com`, `co.uk`, `github.io`, …). Read from Debian's `publicsuffix` package when it is
/// installed; otherwise a short built-in rule stands in (see `RegistrableDomain`).
public struct PublicSuffixList: Sendable {
    private let rules: Set<String>
    private let wildcards: Set<String>
    private let exceptions: Set<String>

    /// Where Debian's `publicsuffix` package puts the list.
    public static let systemPath = "/usr/share/publicsuffix/public_suffix_list.dat"

    /// The system's list, read once; nil when it is not installed.
    public static let system: PublicSuffixList? = PublicSuffixList(path: systemPath)

    /// The list in the file at `path` (the publicsuffix.org format), or nil when unreadable.
    public init?(path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        self.init(text: text)
    }

    /// The list in `text`: one rule a line, `//` comments, `*.` wildcards, `!` exceptions.
    public init(text: String) {
        var rules = Set<String>()
        var wildcards = Set<String>()
        var exceptions = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            guard let rule = line.split(whereSeparator: \.isWhitespace).first, !rule.hasPrefix("//") else { continue }
            let ascii = Self.ascii(String(rule))
            if ascii.hasPrefix("!") {
                exceptions.insert(String(ascii.dropFirst()))
            } else if ascii.hasPrefix("*.") {
                wildcards.insert(String(ascii.dropFirst(2)))
            } else {
                rules.insert(ascii)
            }
        }
        self.rules = rules
        self.wildcards = wildcards
        self.exceptions = exceptions
    }

    /// How many labels of `labels` (a lower-case ASCII host, split at dots) form its public
    /// suffix, by the list's algorithm: the longest matching rule, exceptions winning, and an
    /// unknown top-level label counting as a suffix of one label.
    public func suffixLabelCount(_ labels: [Substring]) -> Int {
        var best = 1
        for count in 1 ... labels.count {
            let candidate = labels.suffix(count).joined(separator: ".")
            if exceptions.contains(candidate) { return count - 1 }
            if rules.contains(candidate) { best = max(best, count) }
            if count < labels.count, wildcards.contains(candidate) { best = max(best, count + 1) }
        }
        return best
    }

    /// Rules are written in Unicode; hosts reach us in their ASCII (punycode) form.
    private static func ascii(_ rule: String) -> String {
        guard !rule.allSatisfy(\.isASCII) else { return rule.lowercased() }
        return rule.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            let text = String(label)
            if text.allSatisfy(\.isASCII) { return text.lowercased() }
            return Punycode.encode(text.lowercased()).map { "xn--" + $0 } ?? text
        }.joined(separator: ".")
    }
}

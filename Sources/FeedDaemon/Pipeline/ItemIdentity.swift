import FeedParsing
import FeedURL

/// Decides each item's dedup key: the canonical form of its best URL, or a stable
/// stand-in for items that have none.
///
/// URL passwords are masked here (`user:***@`), before the key is used: the key is what the
/// seen-set hashes, the archive stores and the log prints, so masking it once keeps all three
/// consistent, and two links that differ only in a password are one item.
struct ItemIdentity: Sendable {
    let canonicalizer: URLCanonicalizer

    /// The URL that stands for the article: FeedBurner's original link, then the entry's link
    /// (which the parser already takes from a permalink guid when there is no link),
    /// then a guid that is itself an absolute URL and declared a permalink.
    func articleURL(of entry: ParsedEntry) -> String? {
        for candidate in [entry.originalLink, entry.link] {
            if let candidate, !candidate.isEmpty { return URLCredentials.masked(candidate) }
        }
        if entry.idIsPermalink, let id = entry.id, id.contains("://") { return URLCredentials.masked(id) }
        return nil
    }

    /// The dedup key, or nil for an item with nothing to tell it apart (no URL, id or title).
    func key(of entry: ParsedEntry, feedURL: String) -> String? {
        if let url = articleURL(of: entry), let canonical = canonicalizer.canonicalize(url) {
            return canonical
        }
        let local = entry.id ?? entry.title.map { title in
            entry.published.map { "\(title)|\($0.timeIntervalSince1970)" } ?? title
        }
        guard let local, !local.isEmpty else { return nil }
        let feed = URLCredentials.masked(canonicalizer.canonicalize(feedURL) ?? feedURL)
        return "feedd-item:\(feed)#\(Self.percentEncoded(local))"
    }

    /// Keeps the key one token on one line.
    private static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

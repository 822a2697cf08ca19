/// When an item's page is fetched (`[article] fetch`, a feed's `fetch_article`).
public enum ArticleFetchPolicy: String, Sendable, CaseIterable {
    /// For every new item.
    case always
    /// When the item's own text (content, else summary) has fewer than `missingWordThreshold` words.
    case missing
    /// Never: the archive keeps what the feed says.
    case never

    /// Items whose feed text has fewer words than this count as missing their article.
    public static let missingWordThreshold = 150

    /// Whether an item whose feed gives `feedText` (plain text) gets its page fetched.
    public func wantsPage(feedText: String?) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .missing: Self.wordCount(feedText ?? "", upTo: Self.missingWordThreshold) < Self.missingWordThreshold
        }
    }

    /// Words (runs of letters and digits) in `text`, counting no further than `limit`.
    static func wordCount(_ text: String, upTo limit: Int) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordCharacter = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordCharacter, !inWord {
                count += 1
                if count >= limit { return count }
            }
            inWord = isWordCharacter
        }
        return count
    }
}

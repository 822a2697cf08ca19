/// What an element's `class` and `id` suggest about it: weak signals (a site names its
/// containers as it likes), used as weights and tie-breakers, never as per-site rules. The
/// word lists follow Mozilla Readability's, with a few additions for ads, cookie banners,
/// captions and pull quotes.
struct ClassSignals: OptionSet {
    let rawValue: UInt32

    init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Navigation, comments, sidebars, footers: removed before scoring unless `maybeContent`.
    static let unlikely = ClassSignals(rawValue: 1 << 0)
    static let maybeContent = ClassSignals(rawValue: 1 << 1)
    static let negative = ClassSignals(rawValue: 1 << 2)
    static let positive = ClassSignals(rawValue: 1 << 3)
    static let advert = ClassSignals(rawValue: 1 << 4)
    static let share = ClassSignals(rawValue: 1 << 5)
    static let caption = ClassSignals(rawValue: 1 << 6)
    static let pullQuote = ClassSignals(rawValue: 1 << 7)
    /// Byline, date, author box: metadata shown near the headline.
    static let meta = ClassSignals(rawValue: 1 << 8)
    static let consent = ClassSignals(rawValue: 1 << 9)
    static let hidden = ClassSignals(rawValue: 1 << 10)

    private static let unlikelyWords = words("""
        -ad- ai2html banner breadcrumbs combx comment community cover-wrap disqus extra footer gdpr header legends \
        menu related remark replies rss shoutbox sidebar skyscraper social sponsor supplemental ad-break agegate \
        pagination pager popup yom-remote newsletter subscribe paywall outbrain taboola
        """)
    private static let maybeWords = words("and article body column content main mathjax shadow")
    private static let negativeWords = words("""
        -ad- hidden banner combx comment com- contact footer gdpr masthead media meta outbrain promo related \
        scroll share shoutbox sidebar skyscraper sponsor shopping tags widget newsletter subscribe recommend
        """)
    private static let positiveWords = words("article body content entry hentry h-entry main page pagination post text blog story")
    private static let shareWords = words("share sharing sharedaddy social-")
    private static let captionWords = words("caption credit")
    private static let pullQuoteWords = words("pullquote pull-quote pull_quote")
    private static let metaWords = words("byline dateline author date time published posted timestamp writtenby")
    private static let consentWords = words("cookie consent gdpr")

    /// The signals of an element whose lower-cased `class` and `id` are `names` (space-joined).
    init(names: [UInt8]) {
        var signals: ClassSignals = []
        guard !names.isEmpty else {
            self = signals
            return
        }
        func any(_ list: [[UInt8]]) -> Bool { list.contains { Self.contains(names, $0) } }
        if any(Self.unlikelyWords) { signals.insert(.unlikely) }
        if any(Self.maybeWords) { signals.insert(.maybeContent) }
        if any(Self.negativeWords) { signals.insert(.negative) }
        if any(Self.positiveWords) { signals.insert(.positive) }
        if any(Self.shareWords) { signals.insert(.share) }
        if any(Self.captionWords) { signals.insert(.caption) }
        if any(Self.pullQuoteWords) { signals.insert(.pullQuote) }
        if any(Self.metaWords) { signals.insert(.meta) }
        if any(Self.consentWords) { signals.insert(.consent) }
        if Self.hasAdToken(names) { signals.insert(.advert) }
        if Self.hasToken(names, "hidden") || Self.hasToken(names, "hide") || Self.hasToken(names, "sr-only")
            || Self.hasToken(names, "visually-hidden") {
            signals.insert(.hidden)
        }
        self = signals
    }

    /// Readability's class weight: +25 for positive names, -25 for negative ones.
    var weight: Int {
        (contains(.positive) ? 25 : 0) - (contains(.negative) ? 25 : 0)
    }

    private static func words(_ list: String) -> [[UInt8]] {
        list.split(separator: " ").map { Array($0.utf8) }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < needle.count, haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    /// A whole class or id token equal to `token`.
    private static func hasToken(_ names: [UInt8], _ token: String) -> Bool {
        names.split(separator: UInt8(ascii: " ")).contains { $0.elementsEqual(token.utf8) }
    }

    /// Tokens such as `ad`, `ads`, `ad-slot`, `top-ad`, `advert`, `advertisement`, `sponsored`.
    private static func hasAdToken(_ names: [UInt8]) -> Bool {
        for token in names.split(separator: UInt8(ascii: " ")) {
            let parts = token.split(whereSeparator: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
            for part in parts where part.elementsEqual("ad".utf8) || part.elementsEqual("ads".utf8)
                || part.starts(with: "advert".utf8) || part.elementsEqual("sponsored".utf8)
                || part.elementsEqual("dfp".utf8) || part.elementsEqual("adslot".utf8) {
                return true
            }
        }
        return false
    }
}

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

    /// Byline-like names (Readability's byline test).
    static let byline = ClassSignals(rawValue: 1 << 11)

    /// Each word with the signal it gives when it appears anywhere in the names.
    private static let patterns: [(word: [UInt8], signal: ClassSignals)] = {
        var list: [(String, ClassSignals)] = []
        func add(_ words: String, _ signal: ClassSignals) {
            for word in words.split(separator: " ") { list.append((String(word), signal)) }
        }
        add("""
            -ad- ai2html banner breadcrumbs combx comment community cover-wrap disqus extra footer gdpr header \
            legends menu related remark replies rss shoutbox sidebar skyscraper social sponsor supplemental ad-break \
            agegate pagination pager popup yom-remote newsletter subscribe outbrain taboola
            """, .unlikely)
        add("and article body column content main mathjax shadow", .maybeContent)
        add("""
            -ad- hidden banner combx comment com- contact footer gdpr masthead media meta outbrain promo related \
            scroll share shoutbox sidebar skyscraper sponsor shopping tags widget newsletter subscribe recommend
            """, .negative)
        add("article body content entry hentry h-entry main page pagination post text blog story", .positive)
        add("share sharing sharedaddy social-", .share)
        add("caption credit", .caption)
        add("pullquote pull-quote pull_quote", .pullQuote)
        add("byline dateline author date time published posted timestamp writtenby", .meta)
        add("byline author dateline writtenby p-author", .byline)
        add("cookie consent gdpr", .consent)
        return list.map { (Array($0.0.utf8), $0.1) }
    }()

    /// Marks names worth splitting into tokens: they may hold an ad or hiding token.
    private static let mayHaveTokens = ClassSignals(rawValue: 1 << 31)

    /// The patterns flattened for the scan: for each first byte, the range of `flatPatterns`
    /// holding the words that start with it (no nested arrays touched per byte).
    private static let table: (starts: [Int32], words: [UInt8], wordStarts: [Int32], signals: [UInt32]) = {
        var all = patterns
        for word in ["ad", "hid", "sr-only"] { all.append((Array(word.utf8), mayHaveTokens)) }
        all.sort { $0.word[0] < $1.word[0] }
        var starts = [Int32](repeating: 0, count: 257)
        var words: [UInt8] = []
        var wordStarts: [Int32] = []
        var signals: [UInt32] = []
        for (word, signal) in all {
            wordStarts.append(Int32(words.count))
            words.append(contentsOf: word)
            signals.append(signal.rawValue)
            starts[Int(word[0]) + 1] += 1
        }
        wordStarts.append(Int32(words.count))
        for byte in 1 ... 256 { starts[byte] += starts[byte - 1] }
        return (starts, words, wordStarts, signals)
    }()

    /// The signals of an element whose lower-cased `class` and `id` are `names` (space-joined).
    init(names: [UInt8]) {
        var found: UInt32 = 0
        let table = Self.table
        names.withUnsafeBufferPointer { bytes in
            table.starts.withUnsafeBufferPointer { starts in
                table.words.withUnsafeBufferPointer { words in
                    table.wordStarts.withUnsafeBufferPointer { wordStarts in
                        for start in bytes.indices {
                            let byte = Int(bytes[start])
                            var candidate = Int(starts[byte])
                            let last = Int(starts[byte + 1])
                            while candidate < last {
                                defer { candidate += 1 }
                                let signal = table.signals[candidate]
                                guard found & signal == 0 else { continue }
                                let wordStart = Int(wordStarts[candidate])
                                let length = Int(wordStarts[candidate + 1]) - wordStart
                                guard start + length <= bytes.count else { continue }
                                var offset = 1
                                while offset < length, bytes[start + offset] == words[wordStart + offset] { offset += 1 }
                                if offset == length { found |= signal }
                            }
                        }
                    }
                }
            }
        }
        var signals = ClassSignals(rawValue: found)
        if signals.contains(Self.mayHaveTokens) {
            signals.remove(Self.mayHaveTokens)
            names.withUnsafeBufferPointer { bytes in
                var tokenStart = 0
                for end in 0 ... bytes.count where end == bytes.count || bytes[end] == 0x20 {
                    if end > tokenStart {
                        signals.formUnion(Self.tokenSignals(UnsafeBufferPointer(rebasing: bytes[tokenStart ..< end])))
                    }
                    tokenStart = end + 1
                }
            }
        }
        self = signals
    }

    /// Signals a whole class or id token gives: ads (`ad`, `ads`, `ad-slot`, `top-ad`,
    /// `advert…`, `sponsored`) and hiding (`hidden`, `hide`, `sr-only`, `visually-hidden`).
    private static func tokenSignals(_ token: UnsafeBufferPointer<UInt8>) -> ClassSignals {
        if token.elementsEqual("hidden".utf8) || token.elementsEqual("hide".utf8) || token.elementsEqual("sr-only".utf8)
            || token.elementsEqual("visually-hidden".utf8) {
            return .hidden
        }
        var partStart = 0
        for end in 0 ... token.count where end == token.count || token[end] == UInt8(ascii: "-") || token[end] == UInt8(ascii: "_") {
            let part = token[partStart ..< end]
            if part.elementsEqual("ad".utf8) || part.elementsEqual("ads".utf8) || part.starts(with: "advert".utf8)
                || part.elementsEqual("sponsored".utf8) || part.elementsEqual("dfp".utf8) || part.elementsEqual("adslot".utf8) {
                return .advert
            }
            partStart = end + 1
        }
        return []
    }

    /// Readability's class weight: +25 for positive names, -25 for negative ones.
    var weight: Int {
        (contains(.positive) ? 25 : 0) - (contains(.negative) ? 25 : 0)
    }
}

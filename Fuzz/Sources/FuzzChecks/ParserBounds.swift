import FeedParsing

/// The bounds a parsed feed stays within, whatever the document: entries, dates, the size of
/// each field and of all its text.
struct ParserBounds {
    let input: ParserFuzzInput
    let limits: ParserLimits

    /// Checks `feed` against every bound.
    func check(_ feed: ParsedFeed) {
        FuzzFailure.require(
            feed.entries.count <= limits.maxEntries,
            "\(feed.entries.count) entries, past the limit of \(limits.maxEntries)")
        let inputSize = input.document.count + (input.context.url?.utf8.count ?? 0)
            + (input.context.contentLocation?.utf8.count ?? 0)
        let outputSize = Self.textSize(of: feed)
        FuzzFailure.require(
            outputSize <= Self.maxGrowth * inputSize + Self.maxExtra,
            "\(inputSize) bytes in gave \(outputSize) bytes of text out")
        let fieldBound = maxFieldBytes()
        for entry in feed.entries {
            for date in [entry.published, entry.updated].compactMap({ $0 }) {
                FuzzFailure.require(
                    Self.representableDates.contains(date.timeIntervalSince1970), "a date outside years 1 to 9999: \(date)")
            }
            for field in [entry.id, entry.title, entry.link, entry.author, entry.summary, entry.content] {
                let size = field?.utf8.count ?? 0
                FuzzFailure.require(size <= fieldBound, "a field of \(size) bytes, past \(fieldBound) (\(limits))")
            }
        }
    }

    /// How much text a document may turn into: transcoding can triple a byte, a text can
    /// stand in two fields (content copied to summary), links grow by their base, markup by
    /// serialization; anything far past that is a document multiplying itself.
    private static let maxGrowth = 32
    private static let maxExtra = 4 << 20

    /// Seconds since 1970 from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z: what the archive
    /// can write.
    private static let representableDates: ClosedRange<Double> = -62_135_596_800 ... 253_402_300_799

    /// The longest a field may be: the limit, six times over for text escaped as markup, twice
    /// for end tags, a little for an author's "name (email)"; and with a base, what link
    /// resolution may add (`LinkBudget`: 1 MiB and four times the document).
    private func maxFieldBytes() -> Int {
        let document = input.document, base = Array("base".utf8)
        let mayHaveBase = input.context.url != nil || input.context.contentLocation != nil
            || (0..<max(0, document.count - 3)).contains { index in
                (0..<4).allSatisfy { document[index + $0] | 0x20 == base[$0] }
            }
        return 8 * limits.maxFieldBytes + 64 + (mayHaveBase ? (1 << 20) + 4 * document.count : 0)
    }

    /// The UTF-8 bytes of every text the feed holds.
    private static func textSize(of feed: ParsedFeed) -> Int {
        func size(_ text: String?) -> Int { text?.utf8.count ?? 0 }
        var total = size(feed.title) + size(feed.link)
        for entry in feed.entries {
            total += size(entry.id) + size(entry.title) + size(entry.link) + size(entry.originalLink) + size(entry.author)
            total += size(entry.summary) + size(entry.content)
            total += entry.categories.reduce(0) { $0 + size($1) }
            total += entry.enclosures.reduce(0) { $0 + size($1.url) + size($1.type) + size($1.length) }
        }
        return total
    }
}

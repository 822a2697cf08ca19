import FeedParsing
import Foundation

/// What must hold for any document handed to the parser, with any context and limits: it gives a feed
/// within the limits or one `FeedParseError`, text in proportion to the input, the same both
/// times it is parsed, a feed whose JSON reads back as the same values, text and links that the
/// later stages take without crashing.
public enum ParserProperties {
    /// Checks every property on one input.
    public static func check(_ input: ParserFuzzInput) {
        let parser = FeedParser(limits: input.limits)
        let feed: ParsedFeed
        do {
            feed = try parser.parse(input.document, context: input.context)
        } catch {
            FuzzFailure.require(!error.message.isEmpty, "a \(error.kind) error without a message")
            return
        }
        FuzzFailure.require(
            feed.entries.count <= parser.limits.maxEntries,
            "\(feed.entries.count) entries, past the limit of \(parser.limits.maxEntries)")
        let inputSize = input.document.count + (input.context.url?.utf8.count ?? 0) + (input.context.contentLocation?.utf8.count ?? 0)
        let outputSize = textSize(of: feed)
        FuzzFailure.require(
            outputSize <= maxGrowth * inputSize + maxExtra,
            "\(inputSize) bytes in gave \(outputSize) bytes of text out")
        let fieldBound = maxFieldBytes(input, limits: parser.limits)
        for entry in feed.entries {
            for date in [entry.published, entry.updated].compactMap({ $0 }) {
                FuzzFailure.require(
                    representableDates.contains(date.timeIntervalSince1970), "a date outside years 1 to 9999: \(date)")
            }
            for field in [entry.id, entry.title, entry.link, entry.author, entry.summary, entry.content] {
                let size = field?.utf8.count ?? 0
                FuzzFailure.require(size <= fieldBound, "a field of \(size) bytes, past \(fieldBound) (\(parser.limits))")
            }
        }
        FuzzFailure.require(
            (try? parser.parse(input.document, context: input.context)) == feed,
            "a second parse of the same document gave another result")
        checkJSON(of: feed)
        for entry in feed.entries {
            for html in [entry.title, entry.summary, entry.content] { _ = html.map(HTMLText.plainText) }
            // The URL fuzzer tries variants; here they would cost more than the parse.
            for link in [entry.link, entry.originalLink, entry.id] + entry.enclosures.map(\.url) {
                link.map { URLProperties.checkCanonical($0, withVariants: false) }
            }
        }
        feed.link.map { URLProperties.checkCanonical($0, withVariants: false) }
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
    /// resolution may add (`LinkBudget`).
    private static func maxFieldBytes(_ input: ParserFuzzInput, limits: ParserLimits) -> Int {
        let document = input.document, base = Array("base".utf8)
        let mayHaveBase = input.context.url != nil || input.context.contentLocation != nil
            || (0..<max(0, document.count - 3)).contains { index in
                (0..<4).allSatisfy { document[index + $0] | 0x20 == base[$0] }
            }
        return 8 * limits.maxFieldBytes + 64 + (mayHaveBase ? (1 << 20) + 4 * input.document.count : 0)
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

    /// `FeedJSON` writes JSON that a JSON parser reads back to the same values.
    private static func checkJSON(of feed: ParsedFeed) {
        let json = FeedJSON.render(feed)
        let readBack: RenderedFeed
        do {
            readBack = try JSONDecoder().decode(RenderedFeed.self, from: Data(json.utf8))
        } catch {
            FuzzFailure.fail("FeedJSON.render gave text that does not read back (\(error)): \(json.prefix(2000))")
        }
        let written = RenderedFeed(feed).values, read = readBack.values
        guard written != read else { return }
        let difference = (0..<max(written.count, read.count)).first { index in
            index >= written.count || index >= read.count || written[index] != read[index]
        } ?? 0
        func show(_ values: [[UInt8]?]) -> String {
            guard difference < values.count, let value = values[difference] else { return "nothing" }
            return String(decoding: value, as: UTF8.self).debugDescription
        }
        FuzzFailure.fail("JSON value \(difference) reads back as \(show(read)), written from \(show(written))")
    }
}

import FeedParsing
import Foundation

/// What must hold for any document handed to the parser, with any context and limits: it
/// gives a feed within bounds (`ParserBounds`) or one `FeedParseError` with a message, the
/// same both times it is parsed, JSON that reads back as the same values, and text and links
/// that the later stages take without crashing.
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
        ParserBounds(input: input, limits: parser.limits).check(feed)
        FuzzFailure.require(
            (try? parser.parse(input.document, context: input.context)) == feed,
            "a second parse of the same document gave another result")
        checkJSON(of: feed)
        checkLaterStages(of: feed)
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

    /// The archive's plain text of each text field, and the canonical form of each link.
    private static func checkLaterStages(of feed: ParsedFeed) {
        for entry in feed.entries {
            for html in [entry.title, entry.summary, entry.content] { _ = html.map(HTMLText.plainText) }
            // The URL fuzzer tries variants; here they would cost more than the parse.
            for link in [entry.link, entry.originalLink, entry.id] + entry.enclosures.map(\.url) {
                link.map { URLProperties.checkCanonical($0, withVariants: false) }
            }
        }
        feed.link.map { URLProperties.checkCanonical($0, withVariants: false) }
    }
}

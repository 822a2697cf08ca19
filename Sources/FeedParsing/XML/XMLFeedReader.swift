/// Reads an XML feed (RSS, RDF, Atom) from UTF-8 bytes with libxml2, retrying on a
/// repaired copy when the document has the kind of breakage that loses text.
enum XMLFeedReader {
    struct Outcome {
        var builder: FeedBuilder
        var errorCount: Int
        var errorMessages: [String]
    }

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, limits: ParserLimits, documentBase: String) -> Outcome {
        let first = parseOnce(bytes, limits: limits, documentBase: documentBase)
        guard first.builder.stopReason == nil, first.errorCodes.contains(where: XMLRepair.isRepairable),
              let repaired = XMLRepair.repaired(bytes) else {
            return Outcome(builder: first.builder, errorCount: first.errorCount, errorMessages: first.errorMessages)
        }
        let second = repaired.withUnsafeBufferPointer { parseOnce($0, limits: limits, documentBase: documentBase) }
        guard second.builder.entries.count >= first.builder.entries.count else {
            return Outcome(builder: first.builder, errorCount: first.errorCount, errorMessages: first.errorMessages)
        }
        let messages = first.errorMessages + ["repaired stray '&' and '<' characters and parsed again"]
        return Outcome(builder: second.builder, errorCount: first.errorCount, errorMessages: messages)
    }

    private static func parseOnce(_ bytes: UnsafeBufferPointer<UInt8>, limits: ParserLimits, documentBase: String) -> FeedSAXSession {
        let builder = FeedBuilder(limits: limits, documentBase: documentBase, documentSize: bytes.count)
        var session = FeedSAXSession.run(bytes, builder: builder)
        // Close what a truncated document left open, so its last entry is kept.
        while !session.builder.frames.isEmpty {
            session.builder.closeOpenElement()
        }
        if session.builder.entry != nil { session.builder.finishOpenEntry() }
        return session
    }
}

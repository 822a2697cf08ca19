import FeedParsing

/// How the parser fuzzer reads its input: the first line describes the parse, the rest is the
/// document. The line holds up to four fields separated by tabs: Content-Type, the document's
/// URL, Content-Location (a missing or empty field is nil), and limits tighter than the
/// daemon's as `depth,entries,fieldBytes` (each optional; larger values are capped at the
/// defaults, so the fuzzer cannot lift a limit). An input without a line feed is all
/// document, with no context and the default limits, as a local file has.
///
/// A text line lets libFuzzer mutate charsets, URLs and limits as freely as the document, and
/// the seed corpus start from real HTTP cases.
public struct ParserFuzzInput {
    /// What the parser is told about where the document came from.
    public var context = DocumentContext()
    /// The bounds of the parse.
    public var limits = ParserLimits()
    /// The bytes to parse.
    public var document: [UInt8]

    /// Splits `bytes` into context, limits and document.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let lineEnd = bytes.firstIndex(of: 0x0A) else {
            document = Array(bytes)
            return
        }
        document = Array(bytes[(lineEnd + 1)...])
        let fields = bytes[..<lineEnd].split(separator: 0x09, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        func field(_ index: Int) -> String? {
            index < fields.count && !fields[index].isEmpty ? fields[index] : nil
        }
        context = DocumentContext(url: field(1), contentType: field(0), contentLocation: field(2))
        let bounds = (field(3) ?? "").split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        func bound(_ index: Int, atMost ceiling: Int) -> Int {
            guard index < bounds.count, let value = bounds[index] else { return ceiling }
            return max(0, min(value, ceiling))
        }
        limits = ParserLimits(
            maxDepth: bound(0, atMost: limits.maxDepth),
            maxEntries: bound(1, atMost: limits.maxEntries),
            maxFieldBytes: bound(2, atMost: limits.maxFieldBytes))
    }
}

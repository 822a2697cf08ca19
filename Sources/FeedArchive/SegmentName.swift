/// The name of one archive segment: `YYYY-MM.jsonl` for the first segment started in a month,
/// `YYYY-MM.NNNN.jsonl` for the ones size rotation adds after it. Segments are ordered by
/// (month, sequence), which is the order they were written in.
struct SegmentName: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// `YYYY-MM`, the month (UTC) the segment was started in.
    let period: String
    /// 0 for the month's first segment, then 1, 2, …
    let sequence: Int

    init(period: String, sequence: Int) {
        self.period = period
        self.sequence = sequence
    }

    /// Parses a file name; nil for anything that is not a segment name.
    init?(fileName: String) {
        guard fileName.hasSuffix(".jsonl") else { return nil }
        let parts = fileName.dropLast(".jsonl".count).split(separator: ".", omittingEmptySubsequences: false)
        guard let period = parts.first, Self.isPeriod(period), parts.count <= 2 else { return nil }
        var sequence = 0
        if parts.count == 2 {
            guard parts[1].count >= 4, parts[1].allSatisfy(\.isASCIIDigit), let number = Int(parts[1]),
                  number > 0 else { return nil }
            sequence = number
        }
        self.init(period: String(period), sequence: sequence)
    }

    var fileName: String {
        guard sequence > 0 else { return period + ".jsonl" }
        let digits = String(sequence)
        return period + "." + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".jsonl"
    }

    var description: String { fileName }

    static func < (lhs: SegmentName, rhs: SegmentName) -> Bool {
        (lhs.period, lhs.sequence) < (rhs.period, rhs.sequence)
    }

    private static func isPeriod(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 7 && bytes[4] == UInt8(ascii: "-")
            && bytes.enumerated().allSatisfy { $0.offset == 4 || $0.element.isASCIIDigit }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension UInt8 {
    fileprivate var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}

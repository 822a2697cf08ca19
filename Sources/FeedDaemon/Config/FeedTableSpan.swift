/// The lines one `[[feed]]` table takes in a TOML file: its header, its keys, the comment lines
/// right above it (they describe it), and the blank lines after it; not the comment lines right
/// above the next table (they describe that one).
struct FeedTableSpan {
    /// 1-based, inclusive.
    let lines: ClosedRange<Int>

    /// The span of the table whose `url` key is on `urlLine`, or nil when that key is not the
    /// `url` of a `[[feed]]` table written with its own header (an inline table, say).
    init?(text: String, urlLine: Int) {
        let map = TOMLSourceMap(text: text)
        var index = 0
        var header: Int?
        while let line = map.line(table: "feed#\(index)") {
            if map.line(table: "feed#\(index)", key: "url") == urlLine, line < urlLine { header = line }
            index += 1
        }
        guard let header else { return nil }
        let lines = Self.lines(of: text)
        let next = map.headerLines.first { $0 > header } ?? lines.count + 1
        var start = header
        while start > 1, Self.isComment(lines[start - 2]) { start -= 1 }
        // The comment lines right above the next table are its own; blank lines before them go with this one.
        var end = next - 1
        while end > header, Self.isComment(lines[end - 1]) { end -= 1 }
        // The last table: the blank lines that separated it from the one before go too.
        if next > lines.count {
            while start > 1, Self.isBlank(lines[start - 2]) { start -= 1 }
        }
        self.lines = start...end
    }

    /// `text` without these lines; every other byte as it was.
    func removed(from text: String) -> String {
        let all = Self.lines(of: text)
        let kept = all.enumerated().filter { !lines.contains($0.offset + 1) }.map(\.element)
        return String(decoding: kept.joined(), as: UTF8.self)
    }

    /// The file's lines as bytes, each with its line break.
    private static func lines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            current.append(byte)
            if byte == UInt8(ascii: "\n") {
                lines.append(current)
                current = []
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private static func trimmed(_ line: [UInt8]) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = line.firstIndex(where: { !isSpace($0) }), let last = line.lastIndex(where: { !isSpace($0) }) else { return [] }
        return line[first...last]
    }

    private static func isComment(_ line: [UInt8]) -> Bool {
        trimmed(line).first == UInt8(ascii: "#")
    }

    private static func isBlank(_ line: [UInt8]) -> Bool {
        trimmed(line).isEmpty
    }
}

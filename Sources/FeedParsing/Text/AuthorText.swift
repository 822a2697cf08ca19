/// Splits an RSS-style author (`me@example.com (Name)`, `Name <me@example.com>`, a bare name
/// or address) into name and e-mail the way feedparser does.
enum AuthorText {
    static func split(_ text: String) -> (name: String?, email: String?) {
        let bytes = Array(text.utf8)
        guard let email = firstEmail(in: bytes) else {
            return (text.isEmpty ? nil : text, nil)
        }
        var rest = ByteText.replacing(email, with: "", in: text)
        for junk in ["()", "<>", "&lt;&gt;"] { rest = ByteText.replacing(junk, with: "", in: rest) }
        rest = rest.trimmingASCIIWhitespace()
        if rest.hasPrefix("(") { rest.removeFirst() }
        if rest.hasSuffix(")") { rest.removeLast() }
        rest = rest.trimmingASCIIWhitespace()
        return (rest.isEmpty ? nil : rest, email)
    }

    /// The first e-mail address in `bytes`, matching feedparser's pattern
    /// `[\w.+-]+@(domain labels.)+(2-4 letter TLD | 1-3 digits)` with an optional
    /// `?subject=...` tail.
    private static func firstEmail(in bytes: [UInt8]) -> String? {
        var at = 0
        while let found = bytes[at...].firstIndex(of: UInt8(ascii: "@")) {
            at = found + 1
            var start = found
            while start > 0, isLocalByte(bytes[start - 1]) { start -= 1 }
            guard start < found, let end = domainEnd(bytes, from: found + 1) else { continue }
            var stop = end
            if bytes[stop...].starts(with: "?subject=".utf8) {
                var cursor = stop + 9
                while cursor < bytes.count, !DateText.isSpace(bytes[cursor]) { cursor += 1 }
                if cursor > stop + 9 { stop = cursor }
            }
            return String(decoding: bytes[start..<stop], as: UTF8.self)
        }
        return nil
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        DateText.isLetter(byte) || DateText.isDigit(byte)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+")
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        DateText.isLetter(byte) || DateText.isDigit(byte) || byte == UInt8(ascii: "-")
    }

    /// End of `label.label.tld` starting at `start`; the top-level part is the longest
    /// 2-4 letters (or 1-3 digits) after the last dot that leaves at least one label.
    private static func domainEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        // Collect label boundaries: each label must end in a dot.
        var cursor = start
        var lastDotEnd: Int?
        while true {
            var labelEnd = cursor
            while labelEnd < bytes.count, isLabelByte(bytes[labelEnd]) { labelEnd += 1 }
            guard labelEnd > cursor, labelEnd < bytes.count, bytes[labelEnd] == UInt8(ascii: ".") else { break }
            lastDotEnd = labelEnd + 1
            cursor = labelEnd + 1
        }
        guard let tldStart = lastDotEnd else { return nil }
        var letters = tldStart
        while letters < bytes.count, letters - tldStart < 4, DateText.isLetter(bytes[letters]) { letters += 1 }
        if letters - tldStart >= 2 { return letters }
        var digits = tldStart
        while digits < bytes.count, digits - tldStart < 3, DateText.isDigit(bytes[digits]) { digits += 1 }
        return digits > tldStart ? digits : nil
    }
}

import FeedURL

/// The one renderer of text for a terminal: whatever feedd prints for people (`tail`, `status`,
/// `export`, messages on stderr) goes through here, so no feed can move the cursor, recolour the
/// screen, reorder a line with bidirectional controls, or show a URL's password.
public enum TerminalText {
    /// `text` with URL passwords masked and every unsafe character (`UnsafeCharacters`) shown as
    /// an escape (`\x1B`, `\u{202E}`); a backslash stays as it is.
    public static func render(_ text: String) -> String {
        UnsafeCharacters.escaped(URLCredentials.masked(text))
    }

    /// Appends one JSON Lines record for a terminal: each unsafe character as a JSON `\uXXXX`
    /// escape, which decodes to the same string, and URL passwords masked.
    public static func appendJSONLine(_ line: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        if line.contains(UInt8(ascii: "@")) {
            var text = URLCredentials.masked(String(decoding: line, as: UTF8.self))
            text.withUTF8 { appendEscapedJSON(UnsafeRawBufferPointer($0), to: &output) }
        } else {
            appendEscapedJSON(line, to: &output)
        }
    }

    private static func appendEscapedJSON(_ line: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        var runStart = 0
        var index = 0
        while index < line.count {
            let length = UnsafeCharacters.unsafeLength(at: index, in: line)
            guard length > 0 else {
                index += 1
                continue
            }
            output.append(contentsOf: line[runStart..<index])
            let scalar = String(decoding: line[index..<(index + length)], as: UTF8.self).unicodeScalars.first?.value ?? 0xFFFD
            let hex = String(scalar, radix: 16)
            output.append(contentsOf: "\\u".utf8)
            output.append(contentsOf: String(repeating: "0", count: max(0, 4 - hex.count)).utf8)
            output.append(contentsOf: hex.utf8)
            index += length
            runStart = index
        }
        output.append(contentsOf: line[runStart..<line.count])
    }
}

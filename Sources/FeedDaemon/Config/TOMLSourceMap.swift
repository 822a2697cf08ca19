import Foundation

/// Finds the line each table and key of a TOML document was written on.
///
/// TOMLKit reports positions only for syntax errors, yet an operator needs
/// "feedd.toml:12: unknown key" for every semantic problem too. A line scan
/// is enough for that: headers and `key =` lines are easy to spot outside
/// multi-line strings.
struct TOMLSourceMap {
    /// Table path ("" for the root, "poll", "feed#2" for the third [[feed]]) → header line.
    private var tableLines: [String: Int] = [:]
    /// "table path|key" → line of the key's first assignment.
    private var keyLines: [String: Int] = [:]
    /// The line of every table header (`[x]` or `[[x]]`), in order: where each table ends.
    private(set) var headerLines: [Int] = []

    init(text: String) {
        var current = ""
        var arrayCounts: [String: Int] = [:]
        var openMultiline: Substring?
        var lineNumber = 0
        // Split on the byte: as a Character, "\r\n" is not "\n", and CRLF files would be one line.
        for lineBytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let rawLine = Substring(String(decoding: lineBytes, as: UTF8.self))
            lineNumber += 1
            if let delimiter = openMultiline {
                if Self.occurrences(of: delimiter, in: rawLine) % 2 == 1 { openMultiline = nil }
                continue
            }
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") {
                let name = Self.headerName(line.dropFirst(2), closing: "]]")
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                current = "\(name)#\(index)"
                tableLines[current] = lineNumber
                headerLines.append(lineNumber)
            } else if line.hasPrefix("[") {
                current = Self.headerName(line.dropFirst(), closing: "]")
                tableLines[current] = lineNumber
                headerLines.append(lineNumber)
            } else if let key = Self.assignedKey(line) {
                let slot = "\(current)|\(key)"
                if keyLines[slot] == nil { keyLines[slot] = lineNumber }
                for delimiter in ["\"\"\"", "'''"] where Self.occurrences(of: Substring(delimiter), in: line) % 2 == 1 {
                    openMultiline = Substring(delimiter)
                }
            }
        }
    }

    /// The line of `key` in `table`, else the table's header line.
    func line(table: String, key: String? = nil) -> Int? {
        if let key, let line = keyLines["\(table)|\(key)"] { return line }
        return tableLines[table]
    }

    private static func headerName(_ rest: Substring, closing: String) -> String {
        let name = rest.prefix(while: { $0 != "]" })
        return name.trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
    }

    private static func assignedKey(_ line: Substring) -> String? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { return nil }
        if key.hasPrefix("\"") || key.hasPrefix("'") {
            return String(key.dropFirst().dropLast())
        }
        return key
    }

    private static func occurrences(of needle: Substring, in haystack: Substring) -> Int {
        var count = 0
        var rest = haystack[...]
        while let range = rest.range(of: needle) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}

/// Finds the line each table and key of a TOML document was written on.
///
/// TOMLKit reports positions only for syntax errors, yet an operator needs
/// "feedd.toml:12: unknown key" for every semantic problem too. A line scan
/// is enough for that: headers and `key =` lines are easy to spot outside
/// multi-line strings.
///
/// The scan works on bytes and keeps a few flat arrays, not a dictionary entry per key: a
/// config of a hundred thousand `[[feed]]` tables is mapped in a small fraction of a second.
struct TOMLSourceMap {
    /// Each table in order of appearance (0 is the root) → its header line (0: none).
    private var headerLineOfTable: [Int32] = [0]
    /// Name of a `[table]` → its table number.
    private var plainTables: [String: Int32] = ["": 0]
    /// Name of an array of tables (`[[feed]]`) → the table number of each element.
    private var arrayTables: [String: [Int32]] = [:]
    /// The first assignment of each key, in table order.
    private var keys: [KeyLine] = []

    private struct KeyLine {
        var table: Int32
        var line: Int32
        var key: String
    }

    init(text: String) {
        var text = text
        text.withUTF8 { scan(UnsafeRawBufferPointer($0)) }
    }

    /// The line of every table header (`[x]` or `[[x]]`), in order: where each table ends.
    var headerLines: [Int] {
        headerLineOfTable.dropFirst().map(Int.init)
    }

    /// The line of `key` in `table`, else the table's header line. Tables are named
    /// "" for the root, "poll" for `[poll]`, "feed#2" for the third `[[feed]]`.
    func line(table path: String, key: String? = nil) -> Int? {
        guard let table = tableNumber(path) else { return nil }
        if let key, let line = keyLine(table: table, key: key) { return line }
        let header = headerLineOfTable[Int(table)]
        return header > 0 ? Int(header) : nil
    }

    private func tableNumber(_ path: String) -> Int32? {
        guard let hash = path.firstIndex(of: "#") else { return plainTables[path] }
        guard let index = Int(path[path.index(after: hash)...]),
              let elements = arrayTables[String(path[..<hash])], elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    private func keyLine(table: Int32, key: String) -> Int? {
        // `keys` is sorted by table: find the first of this table's, then look through its few.
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle].table < table { low = middle + 1 } else { high = middle }
        }
        var index = low
        while index < keys.count, keys[index].table == table {
            if keys[index].key == key { return Int(keys[index].line) }
            index += 1
        }
        return nil
    }

    private mutating func scan(_ text: UnsafeRawBufferPointer) {
        var current: Int32 = 0
        var firstKeyOfCurrent = 0
        var openMultiline: StaticString?
        var lineNumber: Int32 = 0
        var start = 0
        while start <= text.count {
            let end = text[start...].firstIndex(of: 0x0A) ?? text.count
            defer { start = end + 1 }
            lineNumber += 1
            let line = text[start..<end]
            if let delimiter = openMultiline {
                if Self.occurrences(of: delimiter, in: line) % 2 == 1 { openMultiline = nil }
                continue
            }
            guard let first = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), line[first] != UInt8(ascii: "#") else { continue }
            let content = line[first...]
            if content.starts(with: [0x5B, 0x5B]) {  // [[
                current = Int32(headerLineOfTable.count)
                headerLineOfTable.append(lineNumber)
                arrayTables[Self.headerName(content.dropFirst(2)), default: []].append(current)
                firstKeyOfCurrent = keys.count
            } else if content.first == 0x5B {  // [
                current = Int32(headerLineOfTable.count)
                headerLineOfTable.append(lineNumber)
                plainTables[Self.headerName(content.dropFirst())] = current
                firstKeyOfCurrent = keys.count
            } else if let key = Self.assignedKey(content) {
                if !keys[firstKeyOfCurrent...].contains(where: { $0.key == key }) {
                    keys.append(KeyLine(table: current, line: lineNumber, key: key))
                }
                for delimiter: StaticString in ["\"\"\"", "'''"] where Self.occurrences(of: delimiter, in: content) % 2 == 1 {
                    openMultiline = delimiter
                }
            }
        }
    }

    /// The name in a header, up to its closing bracket, without blanks or quotes around it.
    private static func headerName(_ rest: UnsafeRawBufferPointer.SubSequence) -> String {
        let name = rest.prefix { $0 != UInt8(ascii: "]") }
        return String(decoding: trimmed(name, also: UInt8(ascii: "\"")), as: UTF8.self)
    }

    private static func assignedKey(_ line: UnsafeRawBufferPointer.SubSequence) -> String? {
        guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        var key = trimmed(line[..<equals])
        guard !key.isEmpty else { return nil }
        if key.first == UInt8(ascii: "\"") || key.first == UInt8(ascii: "'") {
            key = key.dropFirst().dropLast()
        }
        return String(decoding: key, as: UTF8.self)
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer.SubSequence, also extra: UInt8 = 0x20) -> UnsafeRawBufferPointer.SubSequence {
        let isTrimmed = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == extra }
        guard let first = bytes.firstIndex(where: { !isTrimmed($0) }), let last = bytes.lastIndex(where: { !isTrimmed($0) }) else {
            return bytes[bytes.startIndex..<bytes.startIndex]
        }
        return bytes[first...last]
    }

    private static func occurrences(of needle: StaticString, in haystack: UnsafeRawBufferPointer.SubSequence) -> Int {
        let pattern = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard haystack.count >= pattern.count else { return 0 }
        var count = 0
        var index = haystack.startIndex
        while index + pattern.count <= haystack.endIndex {
            if haystack[index..<(index + pattern.count)].elementsEqual(pattern) {
                count += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return count
    }
}

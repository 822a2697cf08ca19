/// A pull reader over JSON bytes that materializes only what its caller asks for: strings up to
/// a byte limit, number literals, and the members of objects and arrays one at a time. Values
/// nobody asks for are skipped without being built, however deep or long, so a hostile document
/// costs time in proportion to its size and memory in proportion to what is kept.
struct JSONScanner {
    /// Where and why the bytes stopped being JSON.
    struct SyntaxError: Error {
        var message: String
    }

    /// What the next value is, from its first byte.
    enum Kind {
        case object, array, string, number, literal
    }

    private let bytes: [UInt8]
    private var position: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark is not JSON, but it is harmless.
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The kind of the next value; nil at the end of the input or before a byte that starts none.
    mutating func peekKind() -> Kind? {
        skipWhitespace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): return .literal
        default: return nil
        }
    }

    /// Fails unless only white space is left.
    mutating func expectEnd() throws(SyntaxError) {
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected content after the JSON value") }
    }

    // MARK: Containers

    /// Calls `member` with each key of the object that comes next; `member` must consume the value.
    mutating func readObject(_ member: (inout JSONScanner, String) throws(SyntaxError) -> Void) throws(SyntaxError) {
        try expect(UInt8(ascii: "{"))
        if try consumeIf(UInt8(ascii: "}")) { return }
        repeat {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            // Keys are only compared with known names: a longer one cannot match and is cut.
            let key = try readString(maxBytes: 64).text
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
        } while try consumeSeparator(closing: UInt8(ascii: "}"))
    }

    /// Calls `element` for each element of the array that comes next; it must consume the value.
    mutating func readArray(_ element: (inout JSONScanner) throws(SyntaxError) -> Void) throws(SyntaxError) {
        try expect(UInt8(ascii: "["))
        if try consumeIf(UInt8(ascii: "]")) { return }
        repeat {
            try element(&self)
        } while try consumeSeparator(closing: UInt8(ascii: "]"))
    }

    // MARK: Scalars

    /// The next value as text when it is a string, the first `maxBytes` bytes of it (cut at a
    /// character boundary), with `truncated` set when it was longer; any other value is skipped.
    mutating func string(maxBytes: Int) throws(SyntaxError) -> (text: String, truncated: Bool)? {
        guard peekKind() == .string else {
            try skipValue()
            return nil
        }
        return try readString(maxBytes: maxBytes)
    }

    /// The literal text of the next value when it is a number (`10`, `-2.5e3`); anything else is skipped.
    mutating func numberLiteral() throws(SyntaxError) -> String? {
        guard peekKind() == .number else {
            try skipValue()
            return nil
        }
        let start = position
        try skipNumber()
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Steps over the next value of any kind without building it. Iterative, so depth costs
    /// one byte of stack bookkeeping per level rather than a call frame.
    mutating func skipValue() throws(SyntaxError) {
        var closers: [UInt8] = []
        repeat {
            switch peekKind() {
            case .object:
                position += 1
                if try consumeIf(UInt8(ascii: "}")) { break }
                closers.append(UInt8(ascii: "}"))
                try skipMemberName()
                continue
            case .array:
                position += 1
                if try consumeIf(UInt8(ascii: "]")) { break }
                closers.append(UInt8(ascii: "]"))
                continue
            case .string: try skipString()
            case .number: try skipNumber()
            case .literal: try skipLiteral()
            case nil: throw failure(position < bytes.count ? "unexpected character" : "unexpected end of the document")
            }
            // A value ended: close every container it completes, then go on to the next member.
            while let closer = closers.last {
                if try consumeSeparator(closing: closer) {
                    if closer == UInt8(ascii: "}") { try skipMemberName() }
                    break
                }
                closers.removeLast()
            }
        } while !closers.isEmpty
    }

    // MARK: Pieces

    private mutating func skipMemberName() throws(SyntaxError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
        try skipString()
        try expect(UInt8(ascii: ":"))
    }

    /// After a value in a container: true after a comma (another value follows), false after
    /// `closing` (the container ended).
    private mutating func consumeSeparator(closing: UInt8) throws(SyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of the document") }
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == closing { return false }
        throw failure("expected \",\" or \"\(Character(Unicode.Scalar(closing)))\"")
    }

    /// Reads the string at `position` (its opening quote), decoding escapes, keeping at most `maxBytes`.
    private mutating func readString(maxBytes: Int) throws(SyntaxError) -> (text: String, truncated: Bool) {
        position += 1
        var output: [UInt8] = []
        var truncated = false
        func keep(_ piece: some Collection<UInt8>) {
            guard !truncated else { return }
            if output.count + piece.count <= maxBytes {
                output.append(contentsOf: piece)
            } else {
                truncated = true
            }
        }
        while true {
            // Copy the run up to the next quote or backslash at once.
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
                position += 1
            }
            if position > start {
                let run = bytes[start..<position]
                if truncated || output.count + run.count <= maxBytes {
                    keep(run)
                } else {
                    keep(run.prefix(Self.characterBoundary(in: run, atMost: maxBytes - output.count)))
                    truncated = true
                }
            }
            guard position < bytes.count else { throw failure("unterminated string") }
            if bytes[position] == UInt8(ascii: "\"") {
                position += 1
                return (String(decoding: output, as: UTF8.self), truncated)
            }
            keep(try readEscape())
        }
    }

    /// The UTF-8 bytes of the escape at `position` (its backslash).
    private mutating func readEscape() throws(SyntaxError) -> [UInt8] {
        guard position + 1 < bytes.count else { throw failure("unterminated string") }
        let letter = bytes[position + 1]
        position += 2
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return [letter]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar), bytes[position...].starts(with: "\\u".utf8) {
                let saved = position
                position += 2
                let low = try readHex4()
                if (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    position = saved  // a lone high surrogate; the next escape stands alone
                }
            }
            // Lone surrogates cannot be UTF-8: they become U+FFFD, as invalid bytes do.
            return Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
        default:
            throw failure("unknown escape \\\(Character(Unicode.Scalar(letter)))")
        }
    }

    private mutating func readHex4() throws(SyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("unterminated string") }
        var value: UInt32 = 0
        for byte in bytes[position..<(position + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }

    private mutating func skipString() throws(SyntaxError) {
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return
            case UInt8(ascii: "\\"): position += 2
            default: position += 1
            }
        }
        throw failure("unterminated string")
    }

    /// `-? digits (. digits)? ([eE] [+-]? digits)?`, leading zeros tolerated.
    private mutating func skipNumber() throws(SyntaxError) {
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard skipDigits() else { throw failure("bad number") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() else { throw failure("bad number") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard skipDigits() else { throw failure("bad number") }
        }
    }

    private mutating func skipDigits() -> Bool {
        let start = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            position += 1
        }
        return position > start
    }

    private mutating func skipLiteral() throws(SyntaxError) {
        for word in ["true", "false", "null"] where bytes[position...].starts(with: word.utf8) {
            position += word.utf8.count
            return
        }
        throw failure("unexpected character")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count,
              bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
            position += 1
        }
    }

    private mutating func expect(_ byte: UInt8) throws(SyntaxError) {
        guard try consumeIf(byte) else {
            throw failure(position < bytes.count ? "expected \"\(Character(Unicode.Scalar(byte)))\"" : "unexpected end of the document")
        }
    }

    private mutating func consumeIf(_ byte: UInt8) throws(SyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private func failure(_ message: String) -> SyntaxError {
        SyntaxError(message: "\(message) at byte \(position)")
    }

    /// How many of the first `limit` bytes of `run` end on a character boundary.
    private static func characterBoundary(in run: ArraySlice<UInt8>, atMost limit: Int) -> Int {
        var cut = limit
        // Step back over continuation bytes to the start of the character that would be split.
        while cut > 0, cut < run.count, run[run.startIndex + cut] & 0xC0 == 0x80 {
            cut -= 1
        }
        return cut
    }
}

/// Reads one feed-state line: a JSON object with `url` and either `state` (an object of the
/// keys `FeedState.write(to:)` writes) or `removed`. Keys may come in any order and unknown
/// ones are skipped, so lines of earlier versions and hand edits read too.
///
/// A small parser of its own because JSONDecoder, at 10 µs a line, was an eighth of the CPU of
/// a warm poll of 100,000 feeds, all of it spent reading their states at start.
struct FeedStateLineParser {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The line's meaning; nil when it is not valid JSON or not a state line.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> FeedStateLine? {
        var parser = FeedStateLineParser(bytes)
        guard let line = parser.line() else { return nil }
        parser.skipBlanks()
        return parser.position == bytes.count ? line : nil
    }

    /// A state object alone, as the shared database keeps it (`FeedStateJSON`); nil when it is not one.
    static func parseState(_ bytes: UnsafeRawBufferPointer) -> FeedState? {
        var parser = FeedStateLineParser(bytes)
        guard let state = parser.state() else { return nil }
        parser.skipBlanks()
        return parser.position == bytes.count ? state : nil
    }

    private mutating func line() -> FeedStateLine? {
        var url: String?
        var state: FeedState?
        var removed = false
        let complete = object { parser, key in
            switch key {
            case "url":
                url = parser.string()
                return url != nil
            case "state":
                state = parser.state()
                return state != nil
            case "removed":
                guard let flag = parser.bool() else { return false }
                removed = flag
                return true
            default:
                return parser.skipValue()
            }
        }
        guard complete, let url else { return nil }
        if let state { return .saved(StoredFeedState(url: url, state: state)) }
        return removed ? .removed(url: url) : nil
    }

    private mutating func state() -> FeedState? {
        var state = FeedState()
        let complete = object { parser, key in
            switch key {
            case "etag": return parser.optional({ $0.string() }, into: &state.etag)
            case "last_modified": return parser.optional({ $0.string() }, into: &state.lastModified)
            case "moved_to": return parser.optional({ $0.string() }, into: &state.movedTo)
            case "last_error": return parser.optional({ $0.string() }, into: &state.lastError)
            case "gone": return parser.optional({ $0.bool() }, into: &state.gone, default: false)
            case "last_polled": return parser.optional({ $0.number() }, into: &state.lastPolled)
            case "next_poll": return parser.optional({ $0.number() }, into: &state.nextPoll)
            case "newest_entry": return parser.optional({ $0.number() }, into: &state.newestEntry)
            case "mean_entry_gap": return parser.optional({ $0.number() }, into: &state.meanEntryGap)
            case "last_new_items": return parser.optional({ $0.number() }, into: &state.lastNewItems)
            case "retry_after_until": return parser.optional({ $0.number() }, into: &state.retryAfterUntil)
            case "last_status": return parser.optional({ $0.integer() }, into: &state.lastStatus)
            case "interval": return parser.optional({ $0.integer() }, into: &state.interval)
            case "consecutive_failures": return parser.optional({ $0.integer() }, into: &state.consecutiveFailures, default: 0)
            case "items_archived": return parser.optional({ $0.integer() }, into: &state.itemsArchived, default: 0)
            default: return parser.skipValue()
            }
        }
        return complete ? state : nil
    }

    // MARK: - JSON

    /// Calls `member` with each key, positioned at its value; false when the object is malformed
    /// or `member` returned false.
    private mutating func object(_ member: (inout FeedStateLineParser, String) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), consume(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}"))
    }

    /// A value or `null`, stored into `field` (nil, or `fallback` for fields that are not optional).
    private mutating func optional<Value>(_ read: (inout FeedStateLineParser) -> Value?, into field: inout Value?) -> Bool {
        if consumeLiteral("null") {
            field = nil
            return true
        }
        guard let value = read(&self) else { return false }
        field = value
        return true
    }

    private mutating func optional<Value>(_ read: (inout FeedStateLineParser) -> Value?, into field: inout Value,
                                          default fallback: Value) -> Bool {
        var value: Value?
        guard optional(read, into: &value) else { return false }
        field = value ?? fallback
        return true
    }

    private mutating func string() -> String? {
        skipBlanks()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        position += 1
        let start = position
        // The common case: no escapes, copied in one piece.
        while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
            guard bytes[position] >= 0x20 else { return nil }
            position += 1
        }
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "\"") {
            position += 1
            return String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<(position - 1)]), as: UTF8.self)
        }
        var text = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while bytes[position] == UInt8(ascii: "\\") {
            position += 1
            guard position < bytes.count else { return nil }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                guard let scalar = unicodeEscape() else { return nil }
                text.append(contentsOf: String(Character(scalar)).utf8)
            default: return nil
            }
            while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
                guard bytes[position] >= 0x20 else { return nil }
                text.append(bytes[position])
                position += 1
            }
            guard position < bytes.count else { return nil }
        }
        position += 1  // the closing quote
        return String(validating: text, as: UTF8.self)
    }

    /// After `\u`: four hex digits, and a second escape for a surrogate pair.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let first = hex4() else { return nil }
        guard (0xD800..<0xDC00).contains(first) else { return Unicode.Scalar(first) }
        guard consumeLiteral("\\u"), let second = hex4(), (0xDC00..<0xE000).contains(second) else { return nil }
        return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexDigit(bytes[position]) else { return nil }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private mutating func number() -> Double? {
        skipBlanks()
        let start = position
        while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
        guard position > start else { return nil }
        return Double(Substring(decoding: bytes[start..<position], as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
    }

    private mutating func integer() -> Int? {
        guard let value = number(), value == value.rounded(), abs(value) < 9e15 else { return nil }
        return Int(value)
    }

    private mutating func bool() -> Bool? {
        if consumeLiteral("true") { return true }
        if consumeLiteral("false") { return false }
        return nil
    }

    /// Steps over any JSON value (an unknown key's).
    private mutating func skipValue() -> Bool {
        skipBlanks()
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return object { parser, _ in parser.skipValue() }
        case UInt8(ascii: "["):
            position += 1
            if consume(UInt8(ascii: "]")) { return true }
            repeat {
                guard skipValue() else { return false }
            } while consume(UInt8(ascii: ","))
            return consume(UInt8(ascii: "]"))
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool() != nil
        case UInt8(ascii: "n"): return consumeLiteral("null")
        default: return number() != nil
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    private mutating func skipBlanks() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipBlanks()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        skipBlanks()
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count,
              bytes[position..<(position + count)].elementsEqual(UnsafeRawBufferPointer(start: literal.utf8Start, count: count))
        else { return false }
        position += count
        return true
    }
}

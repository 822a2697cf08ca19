import FeedTime
import Foundation

/// Writes JSON values straight into a byte buffer. Strings are copied from their UTF-8 storage in
/// runs, escaping only what JSON requires plus U+2028/U+2029 (which break JavaScript readers of
/// JSON Lines). Swift strings are valid UTF-8, so the output is too.
public struct JSONLineWriter {
    /// The text written so far.
    public var bytes: [UInt8]

    /// An empty writer whose buffer holds `capacity` bytes before it grows.
    public init(capacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends ASCII text as it is (keys, punctuation, literals).
    public mutating func appendRaw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `value` as a JSON string, or `null`.
    public mutating func appendString(_ value: String?) {
        guard var value else { return appendRaw("null") }
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `["a","b"]`.
    public mutating func appendStrings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends a whole number.
    public mutating func appendInteger(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends a number in the shortest form that reads back as the same `Double` (`null` for a
    /// NaN or an infinity, which JSON cannot hold).
    public mutating func appendNumber(_ value: Double) {
        guard value.isFinite else { return appendRaw("null") }
        if value == value.rounded(), abs(value) < 1e15 {
            appendInteger(Int(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// Appends `"YYYY-MM-DDTHH:MM:SSZ"`, or `null` when there is no date or it has no
    /// four-digit year.
    public mutating func appendDate(_ date: Date?) {
        guard let date, let seconds = UTCTimestamp.seconds(of: date) else { return appendRaw("null") }
        bytes.append(UInt8(ascii: "\""))
        UTCTimestamp.append(seconds: seconds, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            // Skip eight plain bytes at a time; most text has nothing to escape.
            if index + 8 <= count, let base = utf8.baseAddress,
               !Self.mayNeedEscaping(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = utf8[index]
            // The common case: a byte copied as it is, in a run.
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte != 0xE2 {
                index += 1
                continue
            }
            if byte == 0xE2 {
                // U+2028 is E2 80 A8 and U+2029 is E2 80 A9; every other E2 sequence is copied.
                guard index + 2 < count, utf8[index + 1] == 0x80,
                      utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9 else {
                    index += 1
                    continue
                }
                appendRun(utf8, from: runStart, to: index)
                appendRaw(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                index += 3
            } else {
                appendRun(utf8, from: runStart, to: index)
                appendEscape(for: byte)
                index += 1
            }
            runStart = index
        }
        appendRun(utf8, from: runStart, to: count)
    }

    /// Whether any of eight bytes may be a control character, `"`, `\` or 0xE2 (which starts
    /// U+2028/U+2029). Exact when the answer is no; a yes may be false, and the caller then looks
    /// byte by byte.
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasByteBelow(_ value: UInt64, _ limit: UInt64) -> UInt64 { (value &- ones &* limit) & ~value & highBits }
        let control = hasByteBelow(word, 0x20)
        let quote = hasByteBelow(word ^ (ones &* 0x22), 1)
        let backslash = hasByteBelow(word ^ (ones &* 0x5C), 1)
        let lineSeparatorLead = hasByteBelow(word ^ (ones &* 0xE2), 1)
        return control | quote | backslash | lineSeparatorLead != 0
    }

    private mutating func appendRun(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        guard start < end else { return }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start ..< end]))
    }

    private mutating func appendEscape(for byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): appendRaw("\\\"")
        case UInt8(ascii: "\\"): appendRaw("\\\\")
        case 0x0A: appendRaw("\\n")
        case 0x0D: appendRaw("\\r")
        case 0x09: appendRaw("\\t")
        case 0x08: appendRaw("\\b")
        case 0x0C: appendRaw("\\f")
        default:
            let hex: StaticString = "0123456789abcdef"
            appendRaw("\\u00")
            hex.withUTF8Buffer { digits in
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            }
        }
    }
}

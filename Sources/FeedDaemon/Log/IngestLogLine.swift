/// One ingest-log line read back: `<time> <event> key=value ...`, values unquoted and unescaped
/// as `IngestEvent` wrote them. Free text (the message of `config` and `daemon` lines) reads as
/// keys without values and is ignored.
public struct IngestLogLine: Sendable {
    /// The second word: polled, ingested, failed, gone, moved, recovered, config, daemon.
    public let event: Substring
    /// Key and value of each `key=value` pair, in order.
    public let fields: [(key: Substring, value: String)]

    public init(_ line: Substring) {
        var rest = line.drop(while: { $0 != " " }).dropFirst()
        event = rest.prefix(while: { $0 != " " })
        rest = rest.dropFirst(event.count)
        var fields: [(Substring, String)] = []
        while !rest.isEmpty {
            rest = rest.drop(while: { $0 == " " })
            let key = rest.prefix(while: { $0 != "=" && $0 != " " })
            rest = rest.dropFirst(key.count)
            guard rest.first == "=" else { continue }
            rest = rest.dropFirst()
            let (value, remainder) = Self.value(rest)
            fields.append((key, value))
            rest = remainder
        }
        self.fields = fields
    }

    /// The value of the first field named `key`.
    public func value(_ key: String) -> String? {
        fields.first { $0.key == key }?.value
    }

    /// A bare word up to the next space, or a quoted value with `\"`, `\\`, `\n`, `\r`, `\t` and `\xNN` undone.
    private static func value(_ text: Substring) -> (String, Substring) {
        guard text.first == "\"" else {
            let word = text.prefix(while: { $0 != " " })
            return (String(word), text.dropFirst(word.count))
        }
        var out = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { return (out, text[text.index(after: index)...]) }
            if character == "\\", text.index(after: index) < text.endIndex {
                index = text.index(after: index)
                switch text[index] {
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "x":
                    let digits = text[text.index(after: index)...].prefix(2)
                    if digits.count == 2, let code = UInt8(digits, radix: 16) {
                        out.unicodeScalars.append(Unicode.Scalar(code))
                        index = text.index(index, offsetBy: 2)
                    } else {
                        out.append("x")
                    }
                case let other: out.append(other)
                }
            } else {
                out.append(character)
            }
            index = text.index(after: index)
        }
        return (out, text[text.endIndex...])
    }
}

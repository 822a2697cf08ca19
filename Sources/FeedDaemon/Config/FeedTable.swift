import FeedTime
import Foundation

/// A `[[feed]]` table as feedd writes it into a drop-in file, every string escaped for TOML
/// so that any name or URL reads back exactly as given.
public struct FeedTable: Sendable, Equatable {
    public var url: String
    public var name: String?
    /// A duration as the config reads it: "15m", "2h", "900".
    public var interval: String?
    public var categories: [String]
    /// One line written above the table (line breaks become spaces).
    public var comment: String?

    public init(url: String, name: String? = nil, interval: String? = nil, categories: [String] = [], comment: String? = nil) {
        self.url = url
        self.name = name
        self.interval = interval
        self.categories = categories
        self.comment = comment
    }

    /// The table's lines, each ending in a newline.
    public var text: String {
        var lines: [String] = []
        if let comment {
            let flat = String(comment.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
            lines.append("# \(flat)")
        }
        lines.append("[[feed]]")
        lines.append("url = \(Self.quoted(url))")
        if let name { lines.append("name = \(Self.quoted(name))") }
        if let interval { lines.append("interval = \(Self.quoted(interval))") }
        if !categories.isEmpty { lines.append("categories = [\(categories.map(Self.quoted).joined(separator: ", "))]") }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The seconds an interval written as `text` ("15m", "900") stands for, as the config reads
    /// it; nil when the config would refuse it.
    public static func intervalSeconds(_ text: String) -> Int? {
        ConfigValues.seconds(text).flatMap { $0 >= 1 ? $0 : nil }
    }

    /// A date as the comments above added tables give it: "2026-11-30" (UTC).
    public static func day(_ date: Date) -> String {
        String((UTCTimestamp.string(from: date) ?? "").prefix(10))
    }

    /// A TOML basic string: `"` and `\` escaped, control characters as TOML's escapes.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{8}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{C}": out += "\\f"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

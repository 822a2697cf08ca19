import Foundation

/// A charset as a page or its server names it, sorted into what the decoder does with it.
enum CharsetLabel: Equatable {
    case utf8
    /// windows-1252, and the labels HTML reads as it (ISO-8859-1, US-ASCII: pages that say
    /// Latin-1 are written in its superset).
    case windows1252
    /// UTF-16 with a byte order: only a byte order mark makes a page UTF-16.
    case utf16LittleEndian, utf16BigEndian
    /// Anything else, handed to iconv by this name.
    case other(String)

    /// The label for `name` (case and surrounding quotes and space ignored); nil when empty.
    init?(_ name: String) {
        let label = name.trimmingCharacters(in: .init(charactersIn: " \t\"'")).lowercased()
        guard !label.isEmpty, label.utf8.count <= 40 else { return nil }
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
            self = .utf8
        case "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1",
             "l1", "us-ascii", "ascii", "ansi_x3.4-1968", "iso-ir-100", "ibm819", "cp819":
            self = .windows1252
        case "utf-16", "utf-16le", "utf-16be", "unicode":
            // A page that reaches this point is ASCII-compatible (no byte order mark): HTML reads
            // a UTF-16 label there as UTF-8.
            self = .utf8
        default:
            self = .other(label)
        }
    }

    /// The charset named by a Content-Type value's `charset` parameter.
    static func fromContentType(_ contentType: String) -> CharsetLabel? {
        let lower = contentType.lowercased()
        guard let range = lower.range(of: "charset=") else { return nil }
        let value = lower[range.upperBound...].prefix { $0 != ";" && $0 != " " && $0 != "," }
        return CharsetLabel(String(value))
    }
}

/// Colours for ingest-log lines on a terminal: the time dimmed, the event in a colour that says
/// how it went (green ingested, red failed and gone, yellow moved and recovered).
public enum IngestLogStyle {
    private static let reset = "\u{1B}[0m"

    /// `line` with ANSI colours.
    public static func coloured(_ line: Substring) -> String {
        guard let timeEnd = line.firstIndex(of: " ") else { return String(line) }
        let afterTime = line[line.index(after: timeEnd)...]
        let event = afterTime.prefix(while: { $0 != " " })
        let rest = afterTime.dropFirst(event.count)
        return "\u{1B}[2m\(line[..<timeEnd])\(reset) \(colour(of: event))\(event)\(reset)\(rest)"
    }

    private static func colour(of event: Substring) -> String {
        switch event {
        case "ingested": return "\u{1B}[32m"
        case "failed": return "\u{1B}[1;31m"
        case "gone": return "\u{1B}[31m"
        case "moved", "recovered": return "\u{1B}[33m"
        case "config", "daemon": return "\u{1B}[36m"
        default: return "\u{1B}[1m"
        }
    }
}

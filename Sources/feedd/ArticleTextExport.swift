import FeedArchive
import Foundation
import SafeText

/// One archived item as a reader keeps it (`feedd export --format text`): the headline, a blank
/// line, the byline, the date as "October 10, 2022", the paragraphs, and "Original url:". What
/// the page gave wins over what the feed gave. Every line goes through `TerminalText`, so no
/// item can act on a terminal; line breaks are the renderer's own.
enum ArticleTextExport {
    /// Between two items.
    static let separator = "\n* * *\n\n"

    static func render(_ record: ArchiveRecord) -> String {
        var lines: [String] = []
        if let headline = nonEmpty(record.article.title) ?? nonEmpty(record.title) {
            lines += [headline, ""]
        }
        if let byline = nonEmpty(record.article.byline) ?? nonEmpty(record.author) {
            lines.append(byline.lowercased().hasPrefix("by ") ? byline : "By " + byline)
        }
        if let date = record.article.published ?? record.published {
            lines.append(longDate(date))
        }
        if lines.last != "" { lines.append("") }
        if let body = nonEmpty(record.article.text) ?? nonEmpty(record.contentText) ?? nonEmpty(record.summary) {
            let paragraphs = body.components(separatedBy: "\n\n").map(collapsed).filter { !$0.isEmpty }
            for paragraph in paragraphs { lines += [paragraph, ""] }
        }
        if let url = originalURL(of: record) { lines.append("Original url: " + url) }
        return lines.map(TerminalText.render).joined(separator: "\n") + "\n"
    }

    /// The item's own address: its canonical URL, unless that is a stand-in key.
    static func originalURL(of record: ArchiveRecord) -> String? {
        record.canonicalURL.hasPrefix("feedd-item:") ? record.url : record.canonicalURL
    }

    /// "October 10, 2022", in UTC.
    static func longDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return "\(monthNames[Int(parts.tm_mon)]) \(parts.tm_mday), \(Int(parts.tm_year) + 1900)"
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// One paragraph on one line: a single line break inside it is a space.
    private static func collapsed(_ paragraph: String) -> String {
        paragraph.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

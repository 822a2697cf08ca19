import Foundation

/// What a page's JSON-LD says about its article (schema.org `NewsArticle`, `BlogPosting`, ...):
/// the first object of an article type, found at the top level, in an array or in `@graph`.
struct StructuredData {
    var headline: String?
    var name: String?
    var authors: [String] = []
    var datePublished: String?
    var image: String?
    var inLanguage: String?

    /// Readability's list of article types.
    private static let articleTypes: Set<String> = [
        "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
        "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Report",
        "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
        "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
    ]

    /// The first article object among `blobs` (each one `<script type="application/ld+json">`).
    init?(blobs: [[UInt8]]) {
        for blob in blobs {
            guard let object = Self.parse(blob), let article = Self.firstArticle(in: object, depth: 0) else { continue }
            self.init(article: article)
            return
        }
        return nil
    }

    private init(article: [String: Any]) {
        headline = Self.text(article["headline"])
        name = Self.text(article["name"])
        authors = Self.names(article["author"])
        datePublished = Self.text(article["datePublished"])
        image = Self.url(article["image"])
        inLanguage = Self.text(article["inLanguage"])
    }

    private static func parse(_ blob: [UInt8]) -> Any? {
        // Raw line breaks and tabs inside strings are common and invalid JSON; so are HTML
        // comment or CDATA wrappers.
        var cleaned = blob.map { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 ? 0x20 : $0 }
        for wrapper in ["<![CDATA[", "<!--"] {
            if let range = cleaned.firstRange(of: Array(wrapper.utf8)),
               !cleaned[..<range.lowerBound].contains(where: { $0 != 0x20 }) {
                cleaned.removeSubrange(..<range.upperBound)
            }
        }
        if let first = cleaned.firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) {
            cleaned.removeSubrange(..<first)
        }
        while let last = cleaned.last, last == 0x20 { cleaned.removeLast() }
        for wrapper in ["]]>", "-->"] where cleaned.count >= 3 && cleaned.suffix(3).elementsEqual(wrapper.utf8) {
            cleaned.removeLast(3)
        }
        while let last = cleaned.last, last != UInt8(ascii: "}"), last != UInt8(ascii: "]") { cleaned.removeLast() }
        guard !cleaned.isEmpty else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(cleaned))
    }

    private static func firstArticle(in value: Any, depth: Int) -> [String: Any]? {
        guard depth < 6 else { return nil }
        if let array = value as? [Any] {
            for element in array {
                if let found = firstArticle(in: element, depth: depth + 1) { return found }
            }
            return nil
        }
        guard let object = value as? [String: Any] else { return nil }
        if isArticle(object["@type"]) { return object }
        if let graph = object["@graph"] { return firstArticle(in: graph, depth: depth + 1) }
        if let entity = object["mainEntity"] { return firstArticle(in: entity, depth: depth + 1) }
        return nil
    }

    private static func isArticle(_ type: Any?) -> Bool {
        if let single = type as? String { return articleTypes.contains(single) }
        if let list = type as? [Any] { return list.contains { ($0 as? String).map(articleTypes.contains) ?? false } }
        return false
    }

    private static func text(_ value: Any?) -> String? {
        if let string = value as? String {
            let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        if let array = value as? [Any], let first = array.first { return text(first) }
        return nil
    }

    /// Author names: a string, an object with `name`, or a list of either.
    private static func names(_ value: Any?) -> [String] {
        if let string = text(value as? String) { return [string] }
        if let object = value as? [String: Any] { return text(object["name"]).map { [$0] } ?? [] }
        if let array = value as? [Any] { return array.flatMap { names($0) } }
        return []
    }

    private static func url(_ value: Any?) -> String? {
        if let string = value as? String { return text(string) }
        if let object = value as? [String: Any] { return text(object["url"]) ?? text(object["contentUrl"]) }
        if let array = value as? [Any], let first = array.first { return url(first) }
        return nil
    }
}

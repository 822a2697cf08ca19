import ArticleExtraction
import FeedTime
import FeedURL
import Foundation

/// The JSON object `feedd extract` prints for an article, keys in a fixed order.
enum ArticleJSON {
    /// `canonicalURL` when the page's key is known (a fetched page whose claims were checked);
    /// else the canonical form of its rel=canonical, og:url or `pageURL`, taken unchecked.
    static func render(_ article: ExtractedArticle, pageURL: String?, canonicalURL: String? = nil) -> String {
        let claimed = article.canonicalLink ?? article.ogURL ?? pageURL
        let canonical = canonicalURL ?? claimed.flatMap { URLCanonicalizer().canonicalize($0) }
        var fields: [String] = []
        fields.append("\"canonical_url\":" + string(canonical))
        fields.append("\"title\":" + string(article.title))
        fields.append("\"byline\":" + string(article.byline))
        fields.append("\"published\":" + string(article.published.flatMap(UTCTimestamp.string(from:))))
        fields.append("\"text\":" + string(article.text))
        fields.append("\"captions\":[" + article.captions.map(string).joined(separator: ",") + "]")
        fields.append("\"image\":" + string(article.image))
        fields.append("\"lang\":" + string(article.lang))
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A JSON string literal, or `null`.
    static func string(_ value: String?) -> String {
        guard let value else { return "null" }
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

import Foundation

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org), read leniently: a field of the wrong type
/// is ignored rather than failing the feed.
enum JSONFeedParser {
    static func parse(_ document: [UInt8], documentBase: String?, limits: ParserLimits) throws(FeedParseError) -> ParsedFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(document), options: [])
        } catch {
            throw FeedParseError(.malformed, "not valid JSON: \(Self.describe(error))")
        }
        guard let root = object as? [String: Any] else {
            throw FeedParseError(.notAFeed, "JSON document is not a JSON Feed: its top level is not an object")
        }
        let version = root["version"] as? String ?? ""
        guard version.contains("jsonfeed.org/version/") || (root["items"] is [Any] && root["title"] is String) else {
            throw FeedParseError(.notAFeed, "JSON document is not a JSON Feed: no jsonfeed.org version and no items")
        }
        var feed = ParsedFeed(format: version.hasSuffix("/1") ? .jsonFeed10 : .jsonFeed11)
        feed.title = string(root["title"])
        let base = LinkBase(url: documentBase ?? "", budget: LinkBudget(documentSize: document.count))
        feed.link = string(root["home_page_url"]).map(base.resolve)
        let items = root["items"] as? [Any] ?? []
        for case let item as [String: Any] in items.prefix(limits.maxEntries) {
            feed.entries.append(entry(item, base: base))
        }
        if items.count > limits.maxEntries {
            feed.recoveredProblems.append("kept the first \(limits.maxEntries) of \(items.count) items")
        }
        if let problem = base.budget.problem { feed.recoveredProblems.append(problem) }
        return feed
    }

    /// The document's URL, and what resolving links against it may still write.
    private struct LinkBase {
        var url: String
        var budget: LinkBudget

        func resolve(_ reference: String) -> String {
            LinkResolution.resolve(reference, against: url, within: budget)
        }
    }

    private static func entry(_ item: [String: Any], base: LinkBase) -> ParsedEntry {
        var entry = ParsedEntry()
        entry.id = string(item["id"]) ?? (item["id"] as? NSNumber)?.stringValue
        entry.title = string(item["title"])
        entry.link = (string(item["url"]) ?? string(item["external_url"])).map(base.resolve)
        entry.summary = string(item["summary"])
        entry.content = string(item["content_html"]) ?? string(item["content_text"])
        entry.published = string(item["date_published"]).flatMap(FeedDate.parse)
        entry.updated = string(item["date_modified"]).flatMap(FeedDate.parse)
        let authors = (item["authors"] as? [Any] ?? []) + [item["author"] as Any]
        entry.author = authors.lazy.compactMap { ($0 as? [String: Any]).flatMap { string($0["name"]) } }.first
        entry.categories = (item["tags"] as? [Any] ?? []).compactMap { string($0) }
        for case let attachment as [String: Any] in item["attachments"] as? [Any] ?? [] {
            guard let url = string(attachment["url"]) else { continue }
            let size = (attachment["size_in_bytes"] as? NSNumber)?.stringValue
            entry.enclosures.append(Enclosure(url: base.resolve(url), type: string(attachment["mime_type"]), length: size))
        }
        return entry
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func describe(_ error: Error) -> String {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return description ?? "unreadable"
    }
}

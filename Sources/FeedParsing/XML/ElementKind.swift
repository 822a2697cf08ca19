/// What an element means to the feed reader, after its namespace is mapped to a canonical
/// prefix and its local name lowercased (feedparser matches names case-insensitively).
enum ElementKind: UInt8 {
    case other

    // Document structure.
    case rss, channel, feed, rdfRoot, item, entry
    /// Containers whose children describe something else than the feed or entry.
    case image, textInput, source, contributor, itunesOwner
    case skipHours, skipDays, hour, day

    // Text constructs: typed text that may hold HTML or XHTML.
    case title, mediaTitle, description, mediaDescription, summary, abstract
    case content, contentEncoded, body

    // Plain values.
    case link, guid, atomID, published, updated, author, name, email
    case category, mediaCategory, itunesCategory, tags, itunesKeywords, mediaKeywords
    case enclosure, mediaContent, origLink, ttl, syUpdatePeriod, syUpdateFrequency

    /// The kind of `localName` (lowercased) in the namespace with canonical `prefix`.
    static func classify(prefix: String, localName: String) -> ElementKind {
        let key = prefix.isEmpty ? localName : prefix + ":" + localName
        return table[key] ?? .other
    }

    private static let table: [String: ElementKind] = [
        "rss": .rss, "channel": .channel, "feed": .feed, "rdf:rdf": .rdfRoot,
        "item": .item, "entry": .entry,
        "image": .image, "textinput": .textInput, "source": .source, "contributor": .contributor,
        "itunes:owner": .itunesOwner,
        "skiphours": .skipHours, "skipdays": .skipDays, "hour": .hour, "day": .day,
        "title": .title, "dc:title": .title, "media:title": .mediaTitle,
        "description": .description, "dc:description": .description, "media:description": .mediaDescription,
        "summary": .summary, "itunes:summary": .summary, "abstract": .abstract,
        "content": .content, "content:encoded": .contentEncoded, "fullitem": .contentEncoded,
        "body": .body, "xhtml:body": .body,
        "link": .link, "guid": .guid, "id": .atomID,
        "pubdate": .published, "published": .published, "issued": .published, "dcterms:issued": .published,
        "updated": .updated, "modified": .updated, "lastbuilddate": .updated, "dc:date": .updated,
        "dcterms:modified": .updated,
        "author": .author, "dc:creator": .author, "dc:author": .author, "itunes:author": .author,
        "name": .name, "email": .email,
        "category": .category, "keywords": .category, "dc:subject": .category,
        "media:category": .mediaCategory, "itunes:category": .itunesCategory, "tags": .tags,
        "itunes:keywords": .itunesKeywords, "media:keywords": .mediaKeywords,
        "enclosure": .enclosure, "media:content": .mediaContent, "feedburner:origlink": .origLink,
        "ttl": .ttl, "sy:updateperiod": .syUpdatePeriod, "sy:updatefrequency": .syUpdateFrequency,
    ]
}

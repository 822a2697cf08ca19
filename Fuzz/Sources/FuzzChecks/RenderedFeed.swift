import FeedParsing

/// The JSON shape `FeedJSON` writes, as `JSONDecoder` reads it back, or as a parsed feed
/// should come out. (`JSONSerialization` will not do: it drops a U+FEFF that starts a string or
/// follows an escape, swiftlang/swift-foundation#300.)
struct RenderedFeed: Decodable {
    struct Entry: Decodable {
        var id, title, link, author, published, updated, summary, content: String?
        var enclosures: [Enclosure]
        var categories: [String]
    }

    struct Enclosure: Decodable {
        var url: String
        var type, length: String?
    }

    var title, link: String?
    var entries: [Entry]

    /// What rendering `feed` should write.
    init(_ feed: ParsedFeed) {
        title = feed.title
        link = feed.link
        entries = feed.entries.map { entry in
            Entry(
                id: entry.id, title: entry.title, link: entry.link, author: entry.author,
                published: entry.published.map(FeedDate.iso8601), updated: entry.updated.map(FeedDate.iso8601),
                summary: entry.summary, content: entry.content,
                enclosures: entry.enclosures.map { Enclosure(url: $0.url, type: $0.type, length: $0.length) },
                categories: entry.categories)
        }
    }

    /// Every value in document order, as UTF-8 bytes (`String ==` would let canonically
    /// equivalent texts pass), each entry's preceded by a marker so that none can shift.
    var values: [[UInt8]?] {
        var all: [[UInt8]?] = [bytes(title), bytes(link)]
        for entry in entries {
            all.append([0xFF])
            all += [entry.id, entry.title, entry.link, entry.author, entry.published, entry.updated,
                    entry.summary, entry.content].map(bytes)
            for enclosure in entry.enclosures { all += [bytes(enclosure.url), bytes(enclosure.type), bytes(enclosure.length)] }
            all += entry.categories.map(bytes)
        }
        return all
    }

    private func bytes(_ text: String?) -> [UInt8]? {
        text.map { Array($0.utf8) }
    }
}

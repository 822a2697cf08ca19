/// The JSON form of a parsed feed that `feedd parse` prints (the shape of the shared
/// conformance suite): title, link and entries with id, title, link, author, published,
/// updated, summary, content, enclosures and categories. Missing values are `null`, dates
/// are UTC `YYYY-MM-DDTHH:MM:SSZ`.
public enum FeedJSON {
    public static func render(_ feed: ParsedFeed) -> String {
        var writer = JSONWriter()
        writer.open("{")
        writer.field("title", feed.title)
        writer.field("link", feed.link)
        writer.key("entries")
        writer.open("[")
        for entry in feed.entries {
            writer.element()
            render(entry, into: &writer)
        }
        writer.close("]")
        writer.close("}")
        return writer.text
    }

    private static func render(_ entry: ParsedEntry, into writer: inout JSONWriter) {
        writer.open("{")
        writer.field("id", entry.id)
        writer.field("title", entry.title)
        writer.field("link", entry.link)
        writer.field("author", entry.author)
        writer.field("published", entry.published.map(FeedDate.iso8601))
        writer.field("updated", entry.updated.map(FeedDate.iso8601))
        writer.field("summary", entry.summary)
        writer.field("content", entry.content)
        writer.key("enclosures")
        writer.open("[")
        for enclosure in entry.enclosures {
            writer.element()
            writer.open("{")
            writer.field("url", enclosure.url)
            writer.field("type", enclosure.type)
            writer.field("length", enclosure.length)
            writer.close("}")
        }
        writer.close("]")
        writer.key("categories")
        writer.open("[")
        for category in entry.categories {
            writer.element()
            writer.string(category)
        }
        writer.close("]")
        writer.close("}")
    }
}

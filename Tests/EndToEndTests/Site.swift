import Foundation
import TestSupport

/// A small web site on disk, served by nginx in the discovery tests: a home page that links to
/// two feeds (one relative, one absolute-path) and to one that does not exist, a blog page that
/// links to none while the site has a feed at /feed, and the feeds.
struct Site {
    let root: String

    static let newsItems = FeedText.items("news", 0..<3)
    static let notesCount = 4
    static let rootFeedItems = FeedText.items("rootfeed", 0..<2)

    init(in directory: String) throws {
        root = "\(directory)/site"
        try FileManager.default.createDirectory(atPath: "\(root)/feeds", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/blog", withIntermediateDirectories: true)
        try write("index.html", """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Example site</title>
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="application/rss+xml" title="News (link title)" href="feeds/news.xml">
            <link rel="alternate" type="application/atom+xml" title="Notes" href="/feeds/notes.atom">
            <link rel="alternate" type="application/rss+xml" title="Gone" href="/feeds/missing.xml">
            </head><body><h1>Hello</h1><p>Not a feed.</body></html>
            """)
        try write("blog/index.html", "<html><head><title>Blog</title></head><body>No feed links here.</body></html>")
        try write("feeds/news.xml", FeedText.rss(title: "Example News", site: "https://site.example", items: Self.newsItems))
        try write("feeds/notes.atom", Self.notes)
        try write("feed", FeedText.rss(title: "Root Feed", site: "https://site.example", items: Self.rootFeedItems))
    }

    private func write(_ path: String, _ text: String) throws {
        try text.write(toFile: "\(root)/\(path)", atomically: true, encoding: .utf8)
    }

    /// The canonical URLs of the notes' entries.
    static let notesURLs = (0..<notesCount).map { "https://site.example/notes/\($0)" }

    static var notes: String {
        var text = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Notes &amp; Sketches</title><id>urn:notes</id>
        <updated>2026-11-01T10:00:00Z</updated>

        """
        for index in 0..<notesCount {
            text += """
            <entry><title>Note \(index)</title><id>urn:note:\(index)</id><link href="\(notesURLs[index])"/>\
            <updated>2026-11-0\(index + 1)T10:00:00Z</updated></entry>

            """
        }
        return text + "</feed>\n"
    }
}

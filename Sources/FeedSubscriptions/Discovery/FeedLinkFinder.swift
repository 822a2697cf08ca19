import CLibXML2
import FeedURL
import Foundation

/// Finds the feeds an HTML page advertises: `<link rel="alternate">` elements whose type is a
/// feed's (RSS, Atom, RDF, JSON Feed), resolved against the page's URL and its `<base href>`,
/// as browsers and feed readers do. The page is parsed with libxml2's HTML parser, which reads
/// whatever real pages get wrong.
public enum FeedLinkFinder {
    /// Link types taken as feeds. `application/json` only counts when the title or the URL says
    /// "feed": JSON Feed 1.0 used that type, but so do pages linking to JSON APIs.
    static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
        "application/x.atom+xml", "application/x-atom+xml", "application/x-rss+xml", "application/rss",
    ]

    /// Paths tried, against the site's root, when a page links to no feed.
    public static let commonPaths = ["/feed", "/rss.xml", "/atom.xml", "/index.xml"]

    /// The feed links in the page, in document order, each URL once.
    ///
    /// - Parameters:
    ///   - html: the page's bytes.
    ///   - pageURL: the URL the page was fetched from (after redirects): the base for relative links.
    ///   - contentType: the HTTP Content-Type, whose charset (if any) decodes the page.
    public static func links(inHTML html: [UInt8], pageURL: String, contentType: String? = nil) -> [FeedLink] {
        guard let document = LibXMLDocument.html(html, url: pageURL, encoding: charset(of: contentType)),
              let root = document.root else { return [] }
        var baseHref: String?
        var links: [xmlNodePtr] = []
        var pending: [xmlNodePtr] = [root]
        // Depth-first in document order: an explicit stack, children pushed in reverse.
        while let node = pending.popLast() {
            switch node.lowercasedName {
            case "base": baseHref = baseHref ?? node.nonBlankAttribute("href")
            case "link": links.append(node)
            default: break
            }
            pending.append(contentsOf: node.childElements.reversed())
        }
        // The first <base href> is the base of every link in the page, wherever it stands.
        let base = baseHref.map { URLResolution.resolve($0, against: pageURL) } ?? pageURL
        var found: [FeedLink] = []
        var seen: Set<String> = []
        for node in links {
            if let link = feedLink(node, base: base), seen.insert(link.url).inserted { found.append(link) }
        }
        return found
    }

    /// The common feed locations of the site `pageURL` belongs to.
    public static func commonLocations(for pageURL: String) -> [FeedLink] {
        commonPaths.map { FeedLink(url: URLResolution.resolve($0, against: pageURL), origin: .commonPath) }
    }

    private static func feedLink(_ node: xmlNodePtr, base: String) -> FeedLink? {
        guard let rel = node.attribute("rel"),
              rel.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains("alternate"),
              let href = node.nonBlankAttribute("href") else { return nil }
        let type = (node.attribute("type") ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        let title = node.nonBlankAttribute("title")
        let url = URLResolution.resolve(href, against: base)
        let isJSONFeed = type == "application/json"
            && ((title ?? "").lowercased().contains("feed") || url.lowercased().contains("feed"))
        guard feedTypes.contains(type) || isJSONFeed else { return nil }
        let scheme = url.prefix(while: { $0 != ":" }).lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        return FeedLink(url: url, title: title, origin: .alternate(type: type))
    }

    /// The charset parameter of a Content-Type header.
    static func charset(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
            return value.isEmpty ? nil : value
        }
        return nil
    }
}

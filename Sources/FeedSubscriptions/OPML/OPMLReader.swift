import CLibXML2
import Foundation

/// Reads OPML 1.0, 1.1 and 2.0 subscription lists as other feed readers export them.
///
/// Feeds are the outlines with an `xmlUrl`; any other outline is a folder, and the folders a
/// feed sits in become its first category ("Tech/Linux"), followed by those of its own
/// `category` attribute. Element and attribute names are matched whatever their case, and a
/// bare `&` or an HTML entity in an attribute (`?a=1&b=2`, `&aelig;`) is read as those readers
/// read it (see `ReferenceRepair`).
/// Anything else that is not well-formed XML is an error naming the line: a list read only
/// in part would silently drop feeds.
public enum OPMLReader {
    /// Larger files are refused: a subscription list of 100,000 feeds is about 20 MB.
    public static let maxBytes = 32 << 20

    /// The subscriptions in the file at `path`, in document order.
    public static func read(file path: String) throws(OPMLError) -> [Subscription] {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, limit: maxBytes)
        } catch {
            throw OPMLError(file: path, line: nil, message: error.message)
        }
        return try read(bytes, file: path)
    }

    /// The subscriptions in `bytes`; `file` names the source in errors.
    public static func read(_ bytes: [UInt8], file: String) throws(OPMLError) -> [Subscription] {
        guard bytes.count <= maxBytes else {
            throw OPMLError(file: file, line: nil, message: "larger than \(maxBytes >> 20) MiB; not a subscription list")
        }
        guard bytes.contains(where: { $0 > 0x20 }) else {
            throw OPMLError(file: file, line: nil, message: "empty file; not a subscription list")
        }
        let document: LibXMLDocument
        do {
            document = try LibXMLDocument.xml(ReferenceRepair.repaired(bytes) ?? bytes)
        } catch {
            throw OPMLError(file: file, line: error.line, message: "not well-formed XML: \(error.message)")
        }
        guard let root = document.root else {
            throw OPMLError(file: file, line: nil, message: "no root element; not an OPML document")
        }
        guard root.lowercasedName == "opml" else {
            throw OPMLError(file: file, line: root.line, message: "the root element is <\(root.lowercasedName)>, not <opml>; not an OPML document")
        }
        guard let body = root.childElements.first(where: { $0.lowercasedName == "body" }) else {
            throw OPMLError(file: file, line: root.line, message: "<opml> has no <body>; no feeds to read")
        }
        var subscriptions: [Subscription] = []
        collect(body, folders: [], into: &subscriptions)
        return subscriptions
    }

    private static func collect(_ parent: xmlNodePtr, folders: [String], into subscriptions: inout [Subscription]) {
        for outline in parent.childElements where outline.lowercasedName == "outline" {
            if let url = outline.nonBlankAttribute("xmlUrl") {
                subscriptions.append(subscription(outline, url: url, folders: folders))
                continue
            }
            let folder = outline.nonBlankAttribute("text") ?? outline.nonBlankAttribute("title")
            collect(outline, folders: folder.map { folders + [$0] } ?? folders, into: &subscriptions)
        }
    }

    private static func subscription(_ outline: xmlNodePtr, url: String, folders: [String]) -> Subscription {
        var categories: [String] = folders.isEmpty ? [] : [folders.joined(separator: "/")]
        for entry in (outline.attribute("category") ?? "").split(separator: ",") {
            let category = entry.trimmingCharacters(in: CharacterSet(charactersIn: "/ \t\n\r"))
            if !category.isEmpty, !categories.contains(category) { categories.append(category) }
        }
        return Subscription(
            url: Self.withoutFeedScheme(url),
            title: outline.nonBlankAttribute("title") ?? outline.nonBlankAttribute("text"),
            categories: categories,
            siteURL: outline.nonBlankAttribute("htmlUrl"),
            interval: outline.nonBlankAttribute("interval", namespace: OPMLNamespace.uri).flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil },
            line: outline.line)
    }

    /// `feed://host/x` (an old browser convention) is `http://host/x`; `feed:https://host/x` is `https://host/x`.
    static func withoutFeedScheme(_ url: String) -> String {
        guard url.lowercased().hasPrefix("feed:") else { return url }
        let rest = url.dropFirst(5)
        if rest.hasPrefix("//") { return "http:" + rest }
        return String(rest)
    }
}

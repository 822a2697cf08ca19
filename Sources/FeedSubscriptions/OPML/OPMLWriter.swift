import CLibXML2
import Foundation

/// Writes subscriptions as an OPML 2.0 document, through libxml2's tree API so that every name
/// and URL is escaped as XML wants it.
///
/// A feed's first category becomes the folder it sits in (nested for "Tech/Linux"), any further
/// ones its `category` attribute, and its interval feedd's own `feedd:interval`: reading the
/// document back with `OPMLReader` gives the same subscriptions. Characters XML 1.0 cannot
/// carry at all (most C0 controls) are written as U+FFFD.
public enum OPMLWriter {
    /// The document, UTF-8, ending in a newline.
    public static func document(_ subscriptions: [Subscription], title: String, created: Date = Date()) -> [UInt8] {
        _ = LibXMLSafety.ready
        guard let document = xmlNewDoc(text("1.0")) else { return [] }
        defer { xmlFreeDoc(document) }
        let root = xmlNewNode(nil, text("opml"))
        xmlDocSetRootElement(document, root)
        xmlNewProp(root, text("version"), text("2.0"))
        let namespace = subscriptions.contains { $0.interval != nil }
            ? xmlNewNs(root, text(OPMLNamespace.uri), text(OPMLNamespace.prefix)) : nil
        let head = xmlNewChild(root, nil, text("head"), nil)
        xmlNewTextChild(head, nil, text("title"), text(title))
        xmlNewTextChild(head, nil, text("dateCreated"), text(rfc822(created)))
        let body = xmlNewChild(root, nil, text("body"), nil)

        var folders: [String: xmlNodePtr] = [:]
        for subscription in subscriptions {
            let parent = subscription.categories.first.map { folder($0, under: body, folders: &folders) } ?? body
            let outline = xmlNewChild(parent, nil, text("outline"), nil)
            let name = subscription.title ?? subscription.url
            xmlNewProp(outline, text("type"), text("rss"))
            xmlNewProp(outline, text("text"), text(name))
            xmlNewProp(outline, text("title"), text(name))
            xmlNewProp(outline, text("xmlUrl"), text(subscription.url))
            if let site = subscription.siteURL { xmlNewProp(outline, text("htmlUrl"), text(site)) }
            let more = subscription.categories.dropFirst()
            if !more.isEmpty { xmlNewProp(outline, text("category"), text(more.joined(separator: ","))) }
            if let interval = subscription.interval, let namespace {
                xmlNewNsProp(outline, namespace, text("interval"), text(String(interval)))
            }
        }

        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpFormatMemoryEnc(document, &memory, &size, "UTF-8", 1)
        guard let memory else { return [] }
        defer { feedd_xmlFree(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(size)))
    }

    /// The outline for folder path `path` ("Tech/Linux"), made on first use.
    private static func folder(_ path: String, under body: xmlNodePtr?, folders: inout [String: xmlNodePtr]) -> xmlNodePtr? {
        var parent = body
        var prefix = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += (prefix.isEmpty ? "" : "/") + component
            if let existing = folders[prefix] {
                parent = existing
                continue
            }
            let outline = xmlNewChild(parent, nil, text("outline"), nil)
            xmlNewProp(outline, text("text"), text(String(component)))
            xmlNewProp(outline, text("title"), text(String(component)))
            folders[prefix] = outline
            parent = outline
        }
        return parent
    }

    /// NUL-terminated UTF-8 for libxml2, with what XML 1.0 cannot hold replaced.
    private static func text(_ string: String) -> [xmlChar] {
        var bytes: [xmlChar] = []
        bytes.reserveCapacity(string.utf8.count + 1)
        for scalar in string.unicodeScalars {
            let allowed = scalar.value >= 0x20 || scalar == "\t" || scalar == "\n" || scalar == "\r"
            let kept = allowed && scalar.value != 0xFFFE && scalar.value != 0xFFFF ? scalar : "\u{FFFD}"
            bytes.append(contentsOf: String(kept).utf8)
        }
        bytes.append(0)
        return bytes
    }

    private static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

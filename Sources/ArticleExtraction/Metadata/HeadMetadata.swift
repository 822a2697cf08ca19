/// What the page's `<meta>`, `<link>`, `<title>`, `<base>` and `<html lang>` say, read from
/// the whole tree (pages put them in the body too).
struct HeadMetadata {
    /// `<meta>` values by lower-cased `property` or `name`, the last one kept as Readability
    /// keeps it (dots in names become colons: `dc.title` is `dc:title`).
    var values: [String: String] = [:]
    var documentTitle: String?
    var canonical: String?
    var baseHref: String?
    var lang: String?
    /// `<meta http-equiv="content-language">`.
    var contentLanguage: String?

    init(tree: PageTree) {
        for index in tree.nodes.indices {
            switch tree.nodes[index].tag {
            case .meta:
                readMeta(tree, index)
            case .link:
                if canonical == nil, let rel = tree.string(.rel, of: index),
                   rel.lowercased().split(separator: " ").contains("canonical"),
                   let href = tree.string(.href, of: index), !href.isEmpty {
                    canonical = href
                }
            case .title:
                if documentTitle == nil {
                    let text = TextCollapse.collapsed(Self.text(of: index, in: tree))
                    if !text.isEmpty { documentTitle = text }
                }
            case .base:
                if baseHref == nil { baseHref = tree.string(.href, of: index) }
            case .html:
                if lang == nil { lang = tree.string(.lang, of: index).flatMap(Self.nonEmpty) }
            default:
                continue
            }
        }
    }

    private mutating func readMeta(_ tree: PageTree, _ index: Int) {
        guard let content = tree.string(.content, of: index).map(Self.trimmed), !content.isEmpty else { return }
        if let equiv = tree.string(.httpEquiv, of: index), equiv.lowercased() == "content-language" {
            contentLanguage = contentLanguage ?? content
        }
        for name in [AttributeName.property, .name, .itemprop] {
            guard let key = tree.attribute(name, of: index) else { continue }
            for part in key.split(separator: 0x20) {
                // Lower-cased, and `dc.title` read as `dc:title`.
                let normalized = String(decoding: part.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: ":") : ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) }, as: UTF8.self)
                values[normalized] = content
            }
        }
    }

    /// The first of `keys` with a value.
    func first(_ keys: [String]) -> String? {
        for key in keys {
            if let value = values[key] { return value }
        }
        return nil
    }

    static func text(of node: Int, in tree: PageTree) -> ArraySlice<UInt8> {
        var bytes: [UInt8] = []
        for inner in node ..< Int(tree.nodes[node].end) where tree.nodes[inner].tag == .text {
            bytes.append(contentsOf: tree.textBytes(inner))
        }
        return bytes[...]
    }

    static func trimmed(_ text: String) -> String {
        TextCollapse.collapsed(Array(text.utf8)[...])
    }

    private static func nonEmpty(_ text: String) -> String? {
        let value = trimmed(text)
        return value.isEmpty ? nil : value
    }
}

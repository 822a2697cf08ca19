/// The attributes extraction reads; the others are not kept.
enum AttributeName: UInt8 {
    case `class`, id, itemprop, itemtype, role, rel, href, src, dataSrc, srcset, content, property, name
    case httpEquiv, charset, datetime, lang, hidden, ariaHidden, style, type, pubdate

    private static let byName: [String: AttributeName] = [
        "class": .class, "id": .id, "itemprop": .itemprop, "itemtype": .itemtype, "role": .role, "rel": .rel,
        "href": .href, "src": .src, "data-src": .dataSrc, "data-lazy-src": .dataSrc, "data-original": .dataSrc,
        "srcset": .srcset, "content": .content, "property": .property, "name": .name, "http-equiv": .httpEquiv,
        "charset": .charset, "datetime": .datetime, "lang": .lang, "hidden": .hidden, "aria-hidden": .ariaHidden,
        "style": .style, "type": .type, "pubdate": .pubdate,
    ]

    /// The attribute for a lower-case name, nil for one not kept.
    init?(name: String) {
        guard let known = Self.byName[name] else { return nil }
        self = known
    }
}

import CLibXML2

/// HTML elements that never have content, written `<br />` when serialized.
enum VoidElements {
    static func contains(_ name: UnsafePointer<xmlChar>) -> Bool {
        XMLName.lowercased(name, maxLength: 8).map(names.contains) ?? false
    }

    private static let names: Set<String> = [
        "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input",
        "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr",
    ]
}

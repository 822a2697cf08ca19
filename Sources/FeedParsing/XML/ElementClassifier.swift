import CLibXML2

/// What the reader needs to know about an element name.
struct ElementInfo {
    var kind: ElementKind
    /// `div` in the core or XHTML namespace (TypePad wraps escaped HTML in one).
    var isDiv: Bool
}

/// Classifies element names. libxml2 interns names in the parser's dictionary, so a
/// (namespace, prefix, local name) triple of pointers identifies a name for the whole parse;
/// each distinct triple is classified once and then found by pointer. (An entity's
/// content is parsed with the same dictionary, so its names share the pointers.)
struct ElementClassifier {
    private struct Key: Equatable {
        var uri: UInt
        var prefix: UInt
        var localName: UInt
    }

    /// An open-addressing table (cheaper than `Dictionary`'s SipHash on this hot path);
    /// a slot whose local name is 0 is empty.
    private static let capacity = 1024
    private var keys = [Key](repeating: Key(uri: 0, prefix: 0, localName: 0), count: capacity)
    private var infos = [ElementInfo](repeating: ElementInfo(kind: .other, isDiv: false), count: capacity)

    mutating func classify(
        localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?
    ) -> ElementInfo {
        let key = Key(uri: UInt(bitPattern: uri), prefix: UInt(bitPattern: prefix), localName: UInt(bitPattern: localName))
        let mixed = (key.localName &* 0x9E37_79B9_7F4A_7C15) ^ (key.uri &* 0xC2B2_AE3D_27D4_EB4F) ^ key.prefix
        var slot = Int(truncatingIfNeeded: mixed >> 40) & (Self.capacity - 1)
        // A hostile document can use unbounded distinct names: probe a few slots, then
        // classify without caching.
        for _ in 0..<8 {
            if keys[slot] == key { return infos[slot] }
            if keys[slot].localName == 0 {
                let info = Self.computeInfo(localName: localName, prefix: prefix, uri: uri)
                keys[slot] = key
                infos[slot] = info
                return info
            }
            slot = (slot + 1) & (Self.capacity - 1)
        }
        return Self.computeInfo(localName: localName, prefix: prefix, uri: uri)
    }

    private static func computeInfo(
        localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?
    ) -> ElementInfo {
        // A known namespace gives its canonical prefix; otherwise feedparser dispatches on the
        // prefix the document wrote (so `dc:` bound to an old Dublin Core URI still works),
        // and an unprefixed element in an unknown default namespace counts as core.
        var canonical: String?
        if let uri { canonical = FeedNamespaces.canonicalPrefix(ofURI: String(cString: uri)) }
        if canonical == nil { canonical = prefix.map { String(cString: $0).lowercased() } ?? "" }
        let namespacePrefix = canonical ?? ""
        let name = String(cString: localName).lowercased()
        return ElementInfo(
            kind: ElementKind.classify(prefix: namespacePrefix, localName: name),
            isDiv: name == "div" && (namespacePrefix.isEmpty || namespacePrefix == "xhtml"))
    }
}

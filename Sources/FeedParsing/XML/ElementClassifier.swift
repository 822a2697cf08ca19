import CLibXML2

/// What the reader needs to know about an element name.
struct ElementInfo {
    var kind: ElementKind
    /// `div` in the core or XHTML namespace (TypePad wraps escaped HTML in one).
    var isDiv: Bool
}

/// Classifies element names. libxml2 interns names in the parser's dictionary, so a
/// (namespace, prefix, local name) triple of pointers identifies a name for the whole parse;
/// each distinct triple is classified once and then found by pointer.
struct ElementClassifier {
    private struct Key: Hashable {
        var uri: UInt
        var prefix: UInt
        var localName: UInt
    }

    private var cache: [Key: ElementInfo] = [:]

    mutating func classify(
        localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?
    ) -> ElementInfo {
        let key = Key(uri: UInt(bitPattern: uri), prefix: UInt(bitPattern: prefix), localName: UInt(bitPattern: localName))
        if let known = cache[key] { return known }
        let info = Self.computeInfo(localName: localName, prefix: prefix, uri: uri)
        // A hostile document can use unbounded distinct names; cap the cache.
        if cache.count < 4096 { cache[key] = info }
        return info
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

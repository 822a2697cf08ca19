import CLibXML2

/// The attributes of a SAX2 start tag: five pointers each (local name, prefix, namespace
/// URI, value start, value end), valid only during the callback.
struct XMLAttributes {
    let pointers: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    var isEmpty: Bool { count == 0 }

    func localName(at index: Int) -> UnsafePointer<xmlChar>? { pointers?[index * 5] }
    func prefix(at index: Int) -> UnsafePointer<xmlChar>? { pointers?[index * 5 + 1] }
    func namespaceURI(at index: Int) -> UnsafePointer<xmlChar>? { pointers?[index * 5 + 2] }

    /// The raw value bytes as libxml2 left them (see `value(at:)`).
    func rawValue(at index: Int) -> UnsafeBufferPointer<UInt8> {
        guard let pointers, let start = pointers[index * 5 + 3], let end = pointers[index * 5 + 4] else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: start, count: end - start)
    }

    /// The value with the references libxml2 leaves in attributes when it does not
    /// substitute entities (`&#38;` for an ampersand, `&name;` for other entities) decoded.
    func value(at index: Int) -> String {
        AttributeValue.decode(rawValue(at: index))
    }

    /// Index of the first attribute whose local name equals `name` ignoring ASCII case
    /// (feedparser lowercases attribute names); `qualifiedPrefix` restricts to a prefix.
    func index(of name: StaticString, prefix qualifiedPrefix: StaticString? = nil) -> Int? {
        for index in 0..<count {
            guard let local = localName(at: index), Self.equalsIgnoringCase(local, name) else { continue }
            if let qualifiedPrefix {
                guard let prefix = prefix(at: index), Self.equalsIgnoringCase(prefix, qualifiedPrefix) else { continue }
            }
            return index
        }
        return nil
    }

    /// The decoded value of attribute `name`, if present.
    func value(of name: StaticString) -> String? {
        index(of: name).map(value(at:))
    }

    static func equalsIgnoringCase(_ text: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
        let expected = literal.utf8Start
        let length = literal.utf8CodeUnitCount
        for offset in 0..<length {
            let byte = text[offset]
            guard byte != 0 else { return false }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lower != expected[offset] { return false }
        }
        return text[length] == 0
    }
}

import CLibXML2

/// The quick way to the plain text of an HTML fragment that happens to be well-formed
/// XML (most feed HTML is: `<br />`, quoted attributes, closed paragraphs). libxml2's XML
/// parser reads it several times faster than its HTML parser; at the first error the
/// attempt stops and the caller uses the HTML parser instead.
struct XHTMLFastPath {
    private var collector = TextCollector()
    private var failed = false
    private var context: xmlParserCtxtPtr?
    private let entities = EntityResolver()

    /// The text, or nil when the fragment is not well-formed XML.
    static func extract(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        _ = LibXMLSetup.ready
        let state = UnsafeMutablePointer<XHTMLFastPath>.allocate(capacity: 1)
        state.initialize(to: XHTMLFastPath())
        defer { state.deinitialize(count: 1); state.deallocate() }
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, localName, _, _, _, _, _, _, _ in
            guard let localName else { return }
            fastPath(from: context)?.pointee.collector.startElement(localName)
        }
        handler.endElementNs = { context, localName, _, _ in
            guard let localName else { return }
            fastPath(from: context)?.pointee.collector.endElement(localName)
        }
        handler.characters = { context, text, length in
            guard let text, length > 0 else { return }
            guard let state = fastPath(from: context), !state.pointee.failed else { return }
            state.pointee.collector.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        handler.cdataBlock = handler.characters
        handler.getEntity = { context, name in
            guard let name else { return nil }
            return fastPath(from: context)?.pointee.entities.entity(named: name).entity
        }
        handler.serror = { context, _ in fastPath(from: context)?.pointee.fail() }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
        guard let parser = PushParser(handler: &handler, userData: UnsafeMutableRawPointer(state), options: options) else {
            return nil
        }
        state.pointee.context = parser.context
        // The fragment becomes the content of one root element.
        let opening: StaticString = "<r>"
        let closing: StaticString = "</r>"
        for piece in [UnsafeBufferPointer(start: opening.utf8Start, count: opening.utf8CodeUnitCount), bytes,
                      UnsafeBufferPointer(start: closing.utf8Start, count: closing.utf8CodeUnitCount)] {
            guard !state.pointee.failed, let base = piece.baseAddress else { break }
            xmlParseChunk(parser.context, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(piece.count), 0)
        }
        if !state.pointee.failed { xmlParseChunk(parser.context, nil, 0, 1) }
        state.pointee.context = nil
        return state.pointee.failed ? nil : state.pointee.collector.finished()
    }

    private mutating func fail() {
        guard !failed else { return }
        failed = true
        if let context { xmlStopParser(context) }
    }
}

private func fastPath(from pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<XHTMLFastPath>? {
    pointer?.assumingMemoryBound(to: XHTMLFastPath.self)
}

import CLibXML2

/// One run of libxml2's HTML push parser reporting to a `TextCollector`. The state lives at
/// a fixed address handed to the C callbacks (a struct behind a pointer: no reference
/// counting or exclusivity checks per callback).
struct HTMLTextExtractor {
    private var collector = TextCollector()

    static func extract(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        _ = LibXMLSetup.ready
        let state = UnsafeMutablePointer<HTMLTextExtractor>.allocate(capacity: 1)
        state.initialize(to: HTMLTextExtractor())
        defer { state.deinitialize(count: 1); state.deallocate() }
        var handler = xmlSAXHandler()
        handler.startElement = { context, name, _ in
            guard let name else { return }
            extractor(from: context)?.pointee.collector.startElement(name)
        }
        handler.endElement = { context, name in
            guard let name else { return }
            extractor(from: context)?.pointee.collector.endElement(name)
        }
        handler.characters = { context, text, length in
            guard let text, length > 0 else { return }
            extractor(from: context)?.pointee.collector.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        handler.cdataBlock = handler.characters
        guard let context = htmlCreatePushParserCtxt(&handler, UnsafeMutableRawPointer(state), nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            return ""
        }
        defer {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            htmlFreeParserCtxt(context)
        }
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue
        htmlCtxtUseOptions(context, Int32(options))
        // A fragment: open the body first, so that every top-level element and text run lands
        // inside it (after a closed root, libxml2 would drop the rest).
        let opening: StaticString = "<html><body>"
        opening.withUTF8Buffer { prefix in
            prefix.withMemoryRebound(to: CChar.self) { chars in
                _ = htmlParseChunk(context, chars.baseAddress, Int32(chars.count), 0)
            }
        }
        bytes.withMemoryRebound(to: CChar.self) { chars in
            _ = htmlParseChunk(context, chars.baseAddress, Int32(chars.count), 1)
        }
        return state.pointee.collector.finished()
    }
}

/// The extractor a callback's user-data pointer refers to.
private func extractor(from pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<HTMLTextExtractor>? {
    pointer?.assumingMemoryBound(to: HTMLTextExtractor.self)
}

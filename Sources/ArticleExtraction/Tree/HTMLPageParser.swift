import CLibXML2

/// One run of libxml2's HTML parser (pull mode, over the whole page in memory) feeding a
/// `PageTreeBuilder`. The parser context is created and freed within `parse`.
enum HTMLPageParser {
    private static let ready: Bool = {
        xmlInitParser()
        return true
    }()

    /// Recover from broken markup, never touch the network, read the bytes as the UTF-8
    /// `PageDecoder` made of them (no switching on `<meta charset>`).
    private static let options = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOIMPLIED.rawValue)

    static func parse(_ utf8: [UInt8], limits: ArticleLimits) throws(ArticleExtractionError) -> PageTree {
        _ = ready
        let state = UnsafeMutablePointer<PageTreeBuilder>.allocate(capacity: 1)
        state.initialize(to: PageTreeBuilder(limits: limits, expectedBytes: utf8.count))
        defer { state.deinitialize(count: 1); state.deallocate() }

        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC  // so that errors reach `serror`
        handler.startElement = { context, name, attributes in
            guard let name else { return }
            builder(context)?.pointee.startElement(name, attributes)
        }
        handler.endElement = { context, _ in builder(context)?.pointee.endElement() }
        handler.characters = { context, text, length in
            guard let text, length > 0 else { return }
            builder(context)?.pointee.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = { context, text, length in
            guard let text, length > 0 else { return }
            builder(context)?.pointee.scriptText(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        handler.serror = { context, _ in builder(context)?.pointee.parserError() }

        let created: htmlParserCtxtPtr? = utf8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { htmlCreateMemoryParserCtxt($0.baseAddress, Int32($0.count)) }
        }
        guard let context = created, let sax = context.pointee.sax else {
            throw ArticleExtractionError(.parser, "libxml2 could not create an HTML parser")
        }
        defer {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            htmlFreeParserCtxt(context)
        }
        sax.pointee = handler
        context.pointee.userData = UnsafeMutableRawPointer(state)
        htmlCtxtUseOptions(context, options)
        // Without this libxml2 guesses, and falls back to Latin-1 at the first non-ASCII byte.
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        state.pointee.context = context
        // The bytes must stay alive while libxml2 reads them: the context points into them.
        withExtendedLifetime(utf8) { _ = htmlParseDocument(context) }
        return state.pointee.finish()
    }
}

/// The builder a callback's user-data pointer refers to.
private func builder(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<PageTreeBuilder>? {
    pointer?.assumingMemoryBound(to: PageTreeBuilder.self)
}

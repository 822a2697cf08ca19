import CLibXML2

/// A libxml2 push parser context, owned here and freed in `deinit` (with the small DTD
/// document libxml2 builds from an internal subset).
final class PushParser {
    let context: xmlParserCtxtPtr

    /// Nil when libxml2 cannot allocate a context.
    init?(handler: inout xmlSAXHandler, userData: UnsafeMutableRawPointer, options: Int32) {
        _ = LibXMLSetup.ready
        guard let created = xmlCreatePushParserCtxt(&handler, userData, nil, 0, nil) else { return nil }
        context = created
        xmlCtxtUseOptions(context, options)
    }

    deinit {
        if let document = context.pointee.myDoc {
            xmlFreeDoc(document)
            context.pointee.myDoc = nil
        }
        xmlFreeParserCtxt(context)
    }

    /// Parses `bytes` as the whole document; the SAX handler receives the events.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            xmlParseChunk(context, nil, 0, 1)
            return
        }
        // Feed large documents in slices so a stop request takes effect between them and
        // libxml2's input buffer stays small.
        let sliceSize = 1 << 20
        var offset = 0
        while offset < bytes.count {
            let length = min(sliceSize, bytes.count - offset)
            let isLast = offset + length == bytes.count
            let pointer = UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self)
            xmlParseChunk(context, pointer, Int32(length), isLast ? 1 : 0)
            if isStopped { return }
            offset += length
        }
    }

    /// Stops parsing as soon as libxml2 returns to the parser loop.
    func stop() {
        xmlStopParser(context)
    }

    var isStopped: Bool {
        context.pointee.instate == XML_PARSER_EOF || context.pointee.disableSAX != 0
    }
}

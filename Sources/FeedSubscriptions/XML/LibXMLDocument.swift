import CLibXML2
import Foundation

/// A libxml2 document tree, owned here and freed in `deinit`.
///
/// Subscription lists and HTML pages are small, so a tree is simpler than SAX here; the feed
/// parser, which sees much more data, streams instead.
final class LibXMLDocument {
    let pointer: xmlDocPtr

    private init(_ pointer: xmlDocPtr) {
        self.pointer = pointer
    }

    deinit {
        xmlFreeDoc(pointer)
    }

    /// Why a document could not be read, with the line libxml2 stopped at.
    struct ReadError: Error {
        var line: Int?
        var message: String
    }

    /// Parses `bytes` as XML, strictly: a well-formedness error is an error, not something to
    /// recover from, because a half-read subscription list would silently drop feeds.
    static func xml(_ bytes: [UInt8]) throws(ReadError) -> LibXMLDocument {
        _ = LibXMLSafety.ready
        guard let context = xmlNewParserCtxt() else { throw ReadError(line: nil, message: "cannot allocate a parser") }
        defer { xmlFreeParserCtxt(context) }
        // libxml2 goes on after the first fatal error and keeps only the last one; the first
        // is the one that names the mistake, so a structured handler records it.
        let first = UnsafeMutablePointer<ReadError?>.allocate(capacity: 1)
        first.initialize(to: nil)
        defer { first.deinitialize(count: 1); first.deallocate() }
        context.pointee._private = UnsafeMutableRawPointer(first)
        context.pointee.sax.pointee.serror = { userData, error in
            guard let error, let context = userData?.assumingMemoryBound(to: xmlParserCtxt.self),
                  let slot = context.pointee._private?.assumingMemoryBound(to: ReadError?.self),
                  slot.pointee == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            slot.pointee = ReadError(line: error.pointee.line > 0 ? Int(error.pointee.line) : nil,
                                     message: LibXMLDocument.message(of: error.pointee))
        }
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, nil, Int32(options))
            }
        }
        guard let document, context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            let last = context.pointee.lastError
            throw first.pointee ?? ReadError(line: last.line > 0 ? Int(last.line) : nil, message: Self.message(of: last))
        }
        return LibXMLDocument(document)
    }

    /// Parses `bytes` as HTML, recovering from whatever a real page gets wrong. `encoding` is the
    /// HTTP charset, if any; without it libxml2 reads the page's own `<meta charset>`.
    static func html(_ bytes: [UInt8], url: String?, encoding: String?) -> LibXMLDocument? {
        _ = LibXMLSafety.ready
        guard let context = htmlNewParserCtxt() else { return nil }
        defer { htmlFreeParserCtxt(context) }
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOBLANKS.rawValue
        // An encoding name libxml2 does not know makes it refuse the page: fall back to sniffing.
        let known = encoding.flatMap { xmlFindCharEncodingHandler($0) != nil ? $0 : nil }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), url, known, Int32(options))
            }
        }
        return document.map(LibXMLDocument.init)
    }

    var root: xmlNodePtr? { xmlDocGetRootElement(pointer) }

    fileprivate static func message(of error: xmlError) -> String {
        guard let text = error.message else { return "not well-formed XML" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

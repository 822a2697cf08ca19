import CLibXML2

/// Plain text of HTML fragments, for the archive's `content_text`.
public enum HTMLText {
    /// The text a reader sees in `html`: tags, scripts and styles gone, entities decoded,
    /// white space collapsed, paragraphs separated by a blank line and line breaks (`br`,
    /// list items, table rows) kept as newlines. Uses libxml2's HTML parser (SAX, no tree).
    public static func plainText(_ html: String) -> String {
        var source = html
        return source.withUTF8 { bytes in
            // Most summaries are plain text: no parser needed.
            if !bytes.contains(UInt8(ascii: "<")), !bytes.contains(UInt8(ascii: "&")) {
                var collector = TextCollector()
                collector.appendText(bytes)
                return collector.finished()
            }
            let extractor = HTMLTextExtractor()
            return extractor.extract(bytes)
        }
    }
}

/// Accumulates text with white space collapsed and block breaks recorded.
struct TextCollector {
    private var output: [UInt8] = []
    /// Newlines owed before the next text (1 for a line break, 2 for a paragraph).
    private var pendingBreak = 0
    private var pendingSpace = false

    mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes {
            if DateText.isSpace(byte) {
                pendingSpace = true
                continue
            }
            if pendingBreak > 0 {
                if !output.isEmpty { output.append(contentsOf: repeatElement(0x0A, count: pendingBreak)) }
                pendingBreak = 0
                pendingSpace = false
            } else if pendingSpace {
                if !output.isEmpty { output.append(0x20) }
                pendingSpace = false
            }
            output.append(byte)
        }
    }

    mutating func lineBreak(paragraph: Bool) {
        pendingBreak = max(pendingBreak, paragraph ? 2 : 1)
    }

    func finished() -> String {
        // No-break spaces survive collapsing as text; that is what they are for.
        String(decoding: output, as: UTF8.self)
    }
}

/// libxml2's HTML push parser, owned here, reporting to a `TextCollector`.
final class HTMLTextExtractor {
    private var collector = TextCollector()
    /// Depth inside script, style and similar elements whose text is not shown.
    private var hiddenDepth = 0

    func extract(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        _ = LibXMLSetup.ready
        var handler = xmlSAXHandler()
        handler.startElement = { context, name, _ in
            guard let context, let name else { return }
            Unmanaged<HTMLTextExtractor>.fromOpaque(context).takeUnretainedValue().start(name)
        }
        handler.endElement = { context, name in
            guard let context, let name else { return }
            Unmanaged<HTMLTextExtractor>.fromOpaque(context).takeUnretainedValue().end(name)
        }
        handler.characters = { context, text, length in
            guard let context, let text, length > 0 else { return }
            Unmanaged<HTMLTextExtractor>.fromOpaque(context).takeUnretainedValue()
                .text(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        handler.cdataBlock = handler.characters
        handler.serror = { _, _ in }
        let userData = Unmanaged.passUnretained(self).toOpaque()
        guard let context = htmlCreatePushParserCtxt(&handler, userData, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            return ""
        }
        defer {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            htmlFreeParserCtxt(context)
        }
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue
        htmlCtxtUseOptions(context, Int32(options))
        withExtendedLifetime(self) {
            // A fragment: open the body first, so that every top-level element and text run
            // lands inside it (after a closed root, libxml2 would drop the rest).
            let opening: StaticString = "<html><body>"
            opening.withUTF8Buffer { prefix in
                prefix.withMemoryRebound(to: CChar.self) { chars in
                    _ = htmlParseChunk(context, chars.baseAddress, Int32(chars.count), 0)
                }
            }
            bytes.withMemoryRebound(to: CChar.self) { chars in
                _ = htmlParseChunk(context, chars.baseAddress, Int32(chars.count), 1)
            }
        }
        return collector.finished()
    }

    private func start(_ name: UnsafePointer<xmlChar>) {
        switch HTMLBlockKind(name) {
        case .hidden: hiddenDepth += 1
        case .paragraph: collector.lineBreak(paragraph: true)
        case .line: collector.lineBreak(paragraph: false)
        case .inline: break
        }
    }

    private func end(_ name: UnsafePointer<xmlChar>) {
        switch HTMLBlockKind(name) {
        case .hidden: hiddenDepth = max(0, hiddenDepth - 1)
        case .paragraph: collector.lineBreak(paragraph: true)
        case .line, .inline: break
        }
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard hiddenDepth == 0 else { return }
        collector.appendText(bytes)
    }
}

/// How an HTML element affects the layout of its text.
enum HTMLBlockKind {
    case hidden, paragraph, line, inline

    init(_ name: UnsafePointer<xmlChar>) {
        self = XMLName.lowercased(name, maxLength: 10).flatMap { Self.kinds[$0] } ?? .inline
    }

    private static let kinds: [String: HTMLBlockKind] = {
        var table: [String: HTMLBlockKind] = [:]
        for name in ["script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "math"] {
            table[name] = .hidden
        }
        for name in ["p", "div", "blockquote", "pre", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                     "section", "article", "header", "footer", "figure", "hr", "address", "aside", "nav", "main",
                     "details", "summary", "fieldset", "form"] {
            table[name] = .paragraph
        }
        for name in ["br", "li", "tr", "dt", "dd", "figcaption", "caption"] {
            table[name] = .line
        }
        return table
    }()
}

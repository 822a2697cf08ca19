import CLibXML2

/// Accumulates text with white space collapsed and block breaks recorded.
struct TextCollector {
    private var output: [UInt8] = []
    /// Newlines owed before the next text (1 for a line break, 2 for a paragraph).
    private var pendingBreak = 0
    private var pendingSpace = false

    mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        // Write in place: the output grows by at most the input plus a paragraph break,
        // since each collapsed run of white space gives one byte for at least one.
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: bytes.count + 2))
        var written = start
        output.withUnsafeMutableBufferPointer { out in
            guard let destination = out.baseAddress else { return }
            for byte in bytes {
                if DateText.isSpace(byte) {
                    pendingSpace = true
                    continue
                }
                if pendingBreak > 0 {
                    if written > 0 {
                        destination[written] = 0x0A
                        written += 1
                        if pendingBreak > 1 {
                            destination[written] = 0x0A
                            written += 1
                        }
                    }
                    pendingBreak = 0
                    pendingSpace = false
                } else if pendingSpace {
                    if written > 0 {
                        destination[written] = 0x20
                        written += 1
                    }
                    pendingSpace = false
                }
                destination[written] = byte
                written += 1
            }
        }
        output.removeLast(output.count - written)
    }

    mutating func lineBreak(paragraph: Bool) {
        pendingBreak = max(pendingBreak, paragraph ? 2 : 1)
    }

    /// Depth inside script, style and similar elements whose text is not shown.
    private var hiddenDepth = 0

    /// An element starts: blocks break lines, hidden elements hide their text.
    mutating func startElement(_ name: UnsafePointer<xmlChar>) {
        switch HTMLBlockKind(name) {
        case .hidden: hiddenDepth += 1
        case .paragraph: lineBreak(paragraph: true)
        case .line: lineBreak(paragraph: false)
        case .inline: break
        }
    }

    mutating func endElement(_ name: UnsafePointer<xmlChar>) {
        switch HTMLBlockKind(name) {
        case .hidden: hiddenDepth = max(0, hiddenDepth - 1)
        case .paragraph: lineBreak(paragraph: true)
        case .line, .inline: break
        }
    }

    /// Text inside the current element, dropped when the element is hidden.
    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if hiddenDepth == 0 { appendText(bytes) }
    }

    func finished() -> String {
        // No-break spaces survive collapsing as text; that is what they are for.
        String(decoding: output, as: UTF8.self)
    }
}

/// Text as a reader sees it: runs of white space (and no-break spaces) become one space.
struct TextCollapse {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false

    /// Appends `text`, collapsing white space with what came before.
    mutating func append(_ text: ArraySlice<UInt8>) {
        var index = text.startIndex
        let end = text.endIndex
        while index < end {
            let byte = text[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = true
                index += 1
            } else if byte == 0xC2, index + 1 < end, text[index + 1] == 0xA0 {
                pendingSpace = true
                index += 2
            } else {
                if pendingSpace, let last = bytes.last, last != 0x0A { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
                index += 1
            }
        }
    }

    /// A line break (from `<br>`), replacing any pending space; none at the start.
    mutating func lineBreak() {
        pendingSpace = false
        while bytes.last == 0x20 { bytes.removeLast() }
        if let last = bytes.last, last != 0x0A { bytes.append(0x0A) }
    }

    /// The collected text without leading or trailing white space or line breaks.
    var trimmed: String {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x20 { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    var isEmpty: Bool { bytes.isEmpty }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        pendingSpace = false
    }

    /// The collapsed form of `text` on its own.
    static func collapsed(_ text: ArraySlice<UInt8>) -> String {
        var collapse = TextCollapse()
        collapse.append(text)
        return collapse.trimmed
    }

    /// The number of characters `text` shows once collapsed: non-space characters, plus one per
    /// run of spaces between them (UTF-8 continuation bytes not counted).
    static func visibleLength(_ text: ArraySlice<UInt8>) -> Int {
        var count = 0
        var inSpace = true
        for byte in text {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                if !inSpace { count += 1 }
                inSpace = true
            } else if byte & 0xC0 != 0x80 {
                count += 1
                inSpace = false
            }
        }
        return count
    }
}

/// Percent-encoding (RFC 3986 §2.1) of one URI component as it is copied into an output.
enum PercentEncoding {
    /// How far to go beyond making the component legal.
    enum Mode {
        /// Escape what the component does not allow raw (spaces, non-ASCII, a `%` that starts
        /// no escape, …) and leave every existing escape exactly as written.
        case escapeIllegal
        /// Also upper-case the hex of escapes and decode escaped unreserved characters
        /// (RFC 3986 §6.2.2.1–2). Hosts are lower-cased, and their escaped non-ASCII bytes
        /// decoded so that IDN processing sees the Unicode name.
        case normalize
    }

    /// Appends `source`, written as `component`, to `output`.
    ///
    /// - Returns: whether a raw non-ASCII byte was appended (only hosts keep them raw).
    @discardableResult
    static func append(
        _ slice: Slice<UnsafeBufferPointer<UInt8>>,
        as component: ByteClass.Component,
        mode: Mode,
        to output: inout [UInt8]
    ) -> Bool {
        let lowercases = mode == .normalize && (component == .host || component == .ipLiteral)
        var keptNonASCII = false
        // A rebased buffer: its subscript is unchecked in optimized builds, a Slice's is not.
        let source = UnsafeBufferPointer(rebasing: slice)
        var index = 0
        let end = source.count
        let allowed = ByteClass.copiedAsIs(in: component)
        let copiedAsIs = lowercases ? allowed.withoutUppercaseLetters : allowed
        while index < end {
            // Most bytes are copied as they are: find the run of them and copy it at once.
            var runEnd = index
            while runEnd < end, copiedAsIs.contains(source[runEnd]) { runEnd += 1 }
            if runEnd > index {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: source[index..<runEnd]))
                index = runEnd
                continue
            }
            let byte = source[index]
            if byte == ByteClass.percent {
                if index + 2 < end,
                   let high = ByteClass.hexValue(source[index + 1]),
                   let low = ByteClass.hexValue(source[index + 2]) {
                    index += 3
                    if mode == .escapeIllegal {
                        output.append(byte)
                        output.append(source[index - 2])
                        output.append(source[index - 1])
                        continue
                    }
                    let decoded = high << 4 | low
                    if ByteClass.isUnreserved(decoded) {
                        output.append(lowercases ? ByteClass.lowercased(decoded) : decoded)
                    } else if component == .host, decoded >= 0x80 {
                        output.append(decoded)
                        keptNonASCII = true
                    } else {
                        appendEscape(of: decoded, to: &output)
                    }
                    continue
                }
                appendEscape(of: byte, to: &output)  // a "%" that starts no escape
            } else if ByteClass.isAllowed(byte, in: component) {
                output.append(lowercases ? ByteClass.lowercased(byte) : byte)
                if byte >= 0x80 { keptNonASCII = true }
            } else {
                appendEscape(of: byte, to: &output)
            }
            index += 1
        }
        return keptNonASCII
    }

    /// Appends `%XX` with upper-case hex digits.
    @inline(__always)
    static func appendEscape(of byte: UInt8, to output: inout [UInt8]) {
        output.append(ByteClass.percent)
        output.append(ByteClass.hexDigit(byte >> 4))
        output.append(ByteClass.hexDigit(byte & 0x0F))
    }
}

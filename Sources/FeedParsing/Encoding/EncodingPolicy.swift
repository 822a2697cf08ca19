/// Chooses the order in which to try encodings, combining the HTTP Content-Type, the XML
/// declaration and the BOM the way RFC 3023/7303 and feedparser do.
enum EncodingPolicy {
    /// The media type and charset parameter of a Content-Type header (both normalized).
    static func parseContentType(_ header: String) -> (mediaType: String, charset: String?) {
        let pieces = header.split(separator: ";", omittingEmptySubsequences: false)
        let mediaType = pieces.first.map { $0.trimmingASCIIWhitespace().lowercased() } ?? ""
        var charset: String?
        for piece in pieces.dropFirst() {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].trimmingASCIIWhitespace().lowercased() == "charset" else { continue }
            var value = parts[1].trimmingASCIIWhitespace()
            value = value.trimmingQuotes()
            if !value.isEmpty { charset = CharsetName.normalized(value) }
        }
        return (mediaType, charset)
    }

    /// Normalized charset names to try, best first, without duplicates (later ones are
    /// fallbacks for bytes invalid in the earlier), and the one the headers and
    /// declaration claim.
    static func candidates(sniffer: EncodingSniffer, contentType: String?) -> (names: [String], claimed: String) {
        let declared = sniffer.declaredEncoding
        var preferred: String
        if let contentType {
            let (mediaType, charset) = parseContentType(contentType)
            let applicationXML = ["application/xml", "application/xml-dtd", "application/xml-external-parsed-entity"]
            if applicationXML.contains(mediaType) || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+xml")) {
                preferred = charset ?? declared ?? "utf-8"
            } else if mediaType.hasPrefix("text/") {
                // text/* without a charset is US-ASCII by RFC 3023; decoding then falls
                // through to the declaration when the bytes are not ASCII.
                preferred = charset ?? "us-ascii"
            } else {
                preferred = declared ?? "utf-8"
            }
        } else {
            preferred = declared ?? "utf-8"
        }
        // gb18030 is a superset of gb2312, so always read gb2312 as gb18030.
        if preferred == "gb2312" { preferred = "gb18030" }
        // A byte order mark settles the encoding (RFC 7303 section 3.3), ahead of the charset
        // parameter; the bytes after it read as anything else would be garbage.
        let byteOrderMark = sniffer.byteOrderMarkLength > 0 ? sniffer.sniffedEncoding : nil
        let ordered = [byteOrderMark, preferred, declared == "gb2312" ? "gb18030" : declared, sniffer.sniffedEncoding,
                       "utf-8", "windows-1252", "iso-8859-2"]
        var seen: Set<String> = []
        let names: [String] = ordered.compactMap { name in
            guard let name, seen.insert(name).inserted else { return nil }
            return name
        }
        return (names, preferred)
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII white space.
    func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        var lower = 0
        var upper = bytes.count
        while lower < upper, DateText.isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, DateText.isSpace(bytes[upper - 1]) { upper -= 1 }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// The text without surrounding single or double quotes.
    func trimmingQuotes() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        func isQuote(_ scalar: Unicode.Scalar) -> Bool { scalar == "\"" || scalar == "'" }
        while let first = scalars.first, isQuote(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, isQuote(last) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}

/// A document as UTF-8 bytes that libxml2 can read with its own encoding detection off.
struct DecodedDocument {
    /// Holds the UTF-8 text; the input array itself when it needed no change.
    var storage: [UInt8]
    /// The part of `storage` that is the document (a BOM or a cut-off last character left out).
    var range: Range<Int>
    /// The normalized name of the encoding the bytes were read as.
    var encoding: String
    /// What had to be recovered from (an encoding that did not match the declaration).
    var problems: [String] = []
}

/// Turns a document's bytes into UTF-8: decides the encoding (see `EncodingPolicy`), falls
/// back through the next candidates when the bytes are invalid in it, transcodes with iconv
/// when needed, and drops characters XML 1.0 does not allow.
enum DocumentDecoder {
    static func decode(_ document: [UInt8], contentType: String?) -> DecodedDocument {
        document.withUnsafeBufferPointer { whole in
            let sniffer = EncodingSniffer(whole)
            let body = UnsafeBufferPointer(rebasing: whole[sniffer.byteOrderMarkLength...])
            let (candidates, claimed) = EncodingPolicy.candidates(sniffer: sniffer, contentType: contentType)
            for name in candidates {
                guard var decoded = attempt(name, body: body, document: document, offset: sniffer.byteOrderMarkLength) else {
                    continue
                }
                if name != claimed, sniffer.byteOrderMarkLength == 0 || name != sniffer.sniffedEncoding {
                    decoded.problems.append("document declared as \(claimed) but read as \(name)")
                }
                return decoded
            }
            // Unreachable in practice: ISO-8859-2 decodes every byte sequence.
            return DecodedDocument(storage: [], range: 0..<0, encoding: "none",
                                   problems: ["no candidate encoding could decode the document"])
        }
    }

    private static func attempt(
        _ name: String, body: UnsafeBufferPointer<UInt8>, document: [UInt8], offset: Int
    ) -> DecodedDocument? {
        if name == "us-ascii" || name == "ascii" {
            guard !body.contains(where: { $0 >= 0x80 }) else { return nil }
            return passThrough(body: body, document: document, offset: offset, encoding: name)
        }
        if let form = CharsetName.unicodeForm(name) {
            switch form {
            case .utf8:
                return passThrough(body: body, document: document, offset: offset, encoding: name)
            case .utf16, .utf32:
                return transcodeUnicode(form, body: body, encoding: name)
            case .utf16LE: return transcoded(body, iconvNames: ["UTF-16LE"], encoding: name)
            case .utf16BE: return transcoded(body, iconvNames: ["UTF-16BE"], encoding: name)
            case .utf32LE: return transcoded(body, iconvNames: ["UTF-32LE"], encoding: name)
            case .utf32BE: return transcoded(body, iconvNames: ["UTF-32BE"], encoding: name)
            }
        }
        if let table = MacCharsets.table(for: name) {
            var output = MacCharsets.decode(body, table: table)
            if output.withUnsafeBufferPointer({ UTF8Scan($0).hasForbiddenCharacters }) {
                output = output.withUnsafeBufferPointer { UTF8Scan.removingForbiddenCharacters($0) }
            }
            return DecodedDocument(storage: output, range: 0..<output.count, encoding: name)
        }
        return transcoded(body, iconvNames: CharsetName.iconvCandidates(name), encoding: name)
    }

    /// UTF-16 or UTF-32 with the byte order taken from a BOM, little-endian without one
    /// (as Python decodes them).
    private static func transcodeUnicode(
        _ form: CharsetName.UnicodeForm, body: UnsafeBufferPointer<UInt8>, encoding: String
    ) -> DecodedDocument? {
        let unit = form == .utf16 ? 2 : 4
        let prefix = Array(body.prefix(unit))
        let bigEndianMark: [UInt8] = unit == 2 ? [0xFE, 0xFF] : [0x00, 0x00, 0xFE, 0xFF]
        let littleEndianMark: [UInt8] = unit == 2 ? [0xFF, 0xFE] : [0xFF, 0xFE, 0x00, 0x00]
        let bits = unit == 2 ? "16" : "32"
        if prefix == bigEndianMark {
            return transcoded(UnsafeBufferPointer(rebasing: body[unit...]), iconvNames: ["UTF-\(bits)BE"], encoding: encoding)
        }
        let rest = prefix == littleEndianMark ? UnsafeBufferPointer(rebasing: body[unit...]) : body
        return transcoded(rest, iconvNames: ["UTF-\(bits)LE"], encoding: encoding)
    }

    /// The bytes as they are, when they are UTF-8; a cut-off character at the very end is
    /// left out rather than failing the whole document.
    private static func passThrough(
        body: UnsafeBufferPointer<UInt8>, document: [UInt8], offset: Int, encoding: String
    ) -> DecodedDocument? {
        let scan = UTF8Scan(body)
        var length = body.count
        var problems: [String] = []
        if let invalid = scan.firstInvalidOffset {
            guard scan.isTruncatedAtEnd else { return nil }
            length = invalid
            problems.append("document ends inside a UTF-8 character")
        }
        if scan.hasForbiddenCharacters {
            let cleaned = UTF8Scan.removingForbiddenCharacters(UnsafeBufferPointer(rebasing: body[..<length]))
            problems.append("removed control characters XML does not allow")
            return DecodedDocument(storage: cleaned, range: 0..<cleaned.count, encoding: encoding, problems: problems)
        }
        return DecodedDocument(storage: document, range: offset..<(offset + length), encoding: encoding, problems: problems)
    }

    private static func transcoded(
        _ body: UnsafeBufferPointer<UInt8>, iconvNames: [String], encoding: String
    ) -> DecodedDocument? {
        for iconvName in iconvNames {
            guard let converter = IconvConverter(from: iconvName) else { continue }
            guard var output = converter.convert(body) else { return nil }
            var problems: [String] = []
            let scan = output.withUnsafeBufferPointer { UTF8Scan($0) }
            if scan.hasForbiddenCharacters {
                output = output.withUnsafeBufferPointer { UTF8Scan.removingForbiddenCharacters($0) }
                problems.append("removed control characters XML does not allow")
            }
            return DecodedDocument(storage: output, range: 0..<output.count, encoding: encoding, problems: problems)
        }
        return nil
    }
}

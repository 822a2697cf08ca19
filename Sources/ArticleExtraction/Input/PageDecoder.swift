/// Turns a page's bytes into the UTF-8 that libxml2 then reads with its own encoding detection
/// off, so that one rule decides the charset and a lying declaration cannot garble the page:
///
/// 1. a byte order mark; 2. the HTTP Content-Type's charset; 3. a `<meta>` declaration;
/// 4. none: UTF-8.
///
/// UTF-8 is read leniently: a byte that starts no valid sequence is taken as windows-1252
/// (pages that mix the two are common). A page declared as windows-1252 or Latin-1 whose bytes
/// are valid UTF-8 with multi-byte characters is read as UTF-8 (a server's default charset
/// rather than the page's), and so is one declared in any other legacy charset (a page
/// converted without its declaration): legacy text is almost never valid multi-byte UTF-8.
/// Other charsets go through iconv, an invalid byte becoming U+FFFD.
/// Control characters that HTML cannot carry become spaces.
enum PageDecoder {
    static func utf8(_ page: [UInt8], contentType: String?) -> [UInt8] {
        page.withUnsafeBufferPointer { bytes in
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                return UTF8Repair.repaired(UnsafeBufferPointer(rebasing: bytes[3...])) ?? Array(bytes[3...])
            }
            if bytes.starts(with: [0xFF, 0xFE]) {
                return IconvDecoder.decode(UnsafeBufferPointer(rebasing: bytes[2...]), from: "UTF-16LE") ?? []
            }
            if bytes.starts(with: [0xFE, 0xFF]) {
                return IconvDecoder.decode(UnsafeBufferPointer(rebasing: bytes[2...]), from: "UTF-16BE") ?? []
            }
            let label = contentType.flatMap(CharsetLabel.fromContentType) ?? MetaCharsetScan.declared(in: bytes)
            switch label {
            case .windows1252:
                if UTF8Repair.isValidWithMultibyte(bytes) { return page }
                return Windows1252.utf8(bytes)
            case .other(let name):
                if UTF8Repair.isValidWithMultibyte(bytes) { return page }
                if let decoded = IconvDecoder.decode(bytes, from: name) { return decoded }
                return UTF8Repair.repaired(bytes) ?? page
            case .utf16LittleEndian:
                return IconvDecoder.decode(bytes, from: "UTF-16LE") ?? []
            case .utf16BigEndian:
                return IconvDecoder.decode(bytes, from: "UTF-16BE") ?? []
            case .utf8, nil:
                return UTF8Repair.repaired(bytes) ?? page
            }
        }
    }
}

import Foundation

/// Tells an HTML page from what a link may also return: a PDF, an image, an archive, other
/// binary data, an empty body. Reads the first bytes and the served type, never the whole page.
enum PageSniffer {
    /// Nil when `page` may be HTML; otherwise why it is not.
    static func refusal(of page: UnsafeBufferPointer<UInt8>, contentType: String?) -> ArticleExtractionError? {
        if let type = contentType.map(mediaType), let kind = binaryMediaKind(type) {
            return ArticleExtractionError(.notHTML, "not an HTML page: served as \(type) (\(kind))")
        }
        if let kind = signatureKind(page) {
            return ArticleExtractionError(.notHTML, "not an HTML page: \(kind)")
        }
        guard page.contains(where: { !isSpace($0) }) else {
            return ArticleExtractionError(.empty, page.isEmpty ? "empty page" : "page holds only white space")
        }
        let head = UnsafeBufferPointer(rebasing: page.prefix(1024))
        let hasUnicodeMark = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !hasUnicodeMark, head.contains(0) {
            return ArticleExtractionError(.notHTML, "not an HTML page: binary data (NUL bytes)")
        }
        if !hasUnicodeMark, !page.contains(UInt8(ascii: "<")) {
            return ArticleExtractionError(.notHTML, "not an HTML page: no markup at all")
        }
        return nil
    }

    /// `type/subtype` of a Content-Type header, lower-cased, parameters dropped.
    static func mediaType(_ contentType: String) -> String {
        let bare = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return bare.trimmingCharacters(in: .whitespaces).lowercased()
    }

    private static func binaryMediaKind(_ type: String) -> String? {
        for prefix in ["image/", "audio/", "video/", "font/"] where type.hasPrefix(prefix) {
            return String(prefix.dropLast()) }
        switch type {
        case "application/pdf": return "a PDF document"
        case "application/zip", "application/gzip", "application/x-gzip", "application/x-tar": return "an archive"
        case "application/msword", "application/vnd.ms-excel": return "an office document"
        default: return type.hasPrefix("application/vnd.openxmlformats") ? "an office document" : nil
        }
    }

    /// The file type its first bytes announce, for the common binary formats.
    private static func signatureKind(_ page: UnsafeBufferPointer<UInt8>) -> String? {
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            page.count >= offset + bytes.count && page[offset ..< offset + bytes.count].elementsEqual(bytes)
        }
        if starts(Array("%PDF-".utf8)) { return "a PDF document" }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "a PNG image" }
        if starts([0xFF, 0xD8, 0xFF]) { return "a JPEG image" }
        if starts(Array("GIF8".utf8)) { return "a GIF image" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "a WebP image" }
        if starts(Array("ftyp".utf8), at: 4) { return "an ISO media file (MP4, HEIC, AVIF)" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive" }
        if starts([0x1F, 0x8B]) { return "gzip-compressed data" }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return "an executable" }
        if starts(Array("OggS".utf8)) || starts(Array("ID3".utf8)) { return "audio" }
        if starts(Array("wOFF".utf8)) || starts(Array("wOF2".utf8)) { return "a web font" }
        return nil
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
}

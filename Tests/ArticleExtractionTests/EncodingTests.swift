import ArticleExtraction
import Foundation
import Testing

/// The charset comes from a byte order mark, the HTTP Content-Type, a `<meta>` declaration, or
/// the bytes themselves; lying declarations must not garble the text.
@Suite struct EncodingTests {
    private static let expected = "Le café “s’ouvre” à la façade, dit l’éditeur — €12 le café crème, pour le premier jour de la saison."

    private func page(_ body: String, head: String = "") -> String {
        "<html><head>\(head)<title>T</title></head><body><article><p>\(body)</p><p>\(body)</p></article></body></html>"
    }

    @Test func windows1252DeclaredByHTTPEquiv() throws {
        let article = try ArticleExtractor().extract(try Fixture.bytes("windows-1252.html"), context: PageContext(url: "https://fr.test/"))
        #expect(article.paragraphs.first == Self.expected)
        #expect(article.title == "Café crème – Le Test")
        #expect(article.firstHeading == "Café crème et naïveté")
        #expect(article.lang == "fr")
    }

    @Test func windows1252DeclaredByMetaCharsetOrHTTP() throws {
        let body = page(Self.expected)
        let bytes = try #require(body.data(using: .windowsCP1252))
        let withMeta = Array(Data("<meta charset=\"windows-1252\">".utf8)) + Array(bytes)
        let fromMeta = try ArticleExtractor().extract(withMeta, context: PageContext(url: "https://fr.test/"))
        #expect(fromMeta.paragraphs.first == Self.expected)
        let fromHTTP = try ArticleExtractor().extract(Array(bytes), context: PageContext(url: "https://fr.test/", contentType: "text/html; charset=ISO-8859-1"))
        #expect(fromHTTP.paragraphs.first == Self.expected, "ISO-8859-1 is read as its superset windows-1252")
    }

    @Test func httpCharsetWinsOverTheMetaDeclaration() throws {
        let bytes = try #require(page(Self.expected, head: "<meta charset=\"utf-8\">").data(using: .windowsCP1252))
        let article = try ArticleExtractor().extract(Array(bytes), context: PageContext(url: "https://fr.test/", contentType: "text/html; charset=windows-1252"))
        #expect(article.paragraphs.first == Self.expected)
    }

    @Test func utf8DeclaredButMixedWithWindows1252Bytes() throws {
        // "Café" in UTF-8, then "crème" with a lone windows-1252 byte: each invalid byte is read as windows-1252.
        let bytes = Array(page("Café cr\u{FFFF}me, a sentence long enough to count as a paragraph of the article.", head: "<meta charset=utf-8>").utf8)
        let marker = Array("\u{FFFF}".utf8)
        var mixed: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: marker) {
                mixed.append(0xE8)  // è in windows-1252
                index += marker.count
            } else {
                mixed.append(bytes[index])
                index += 1
            }
        }
        let article = try ArticleExtractor().extract(mixed, context: PageContext(url: "https://fr.test/"))
        #expect(article.paragraphs.first == "Café crème, a sentence long enough to count as a paragraph of the article.")
    }

    @Test func latin1DeclaredButTheBytesAreUTF8() throws {
        let bytes = Array(page(Self.expected, head: "<meta charset=\"iso-8859-1\">").utf8)
        let article = try ArticleExtractor().extract(bytes, context: PageContext(url: "https://fr.test/"))
        #expect(article.paragraphs.first == Self.expected)
    }

    @Test func utf8BytesWinOverALegacyDeclaration() throws {
        // A page converted to UTF-8 that still declares its old charset.
        let chinese = "新电脑已可利用记忆自学，人工智能迈上新台阶，研究人员周二表示。"
        let article = try ArticleExtractor().extract(Array(page(chinese, head: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">").utf8),
                                                    context: PageContext(url: "https://cn.test/"))
        #expect(article.paragraphs.first == chinese)
    }

    @Test func undeclaredPagesAreUTF8AndUnknownCharsetsFallBack() throws {
        let plain = try ArticleExtractor().extract(Array(page(Self.expected).utf8), context: PageContext(url: "https://fr.test/"))
        #expect(plain.paragraphs.first == Self.expected)
        let unknown = try ArticleExtractor().extract(Array(page(Self.expected, head: "<meta charset=\"x-no-such-charset\">").utf8),
                                                    context: PageContext(url: "https://fr.test/"))
        #expect(unknown.paragraphs.first == Self.expected)
    }

    @Test func utf16WithByteOrderMarkAndOtherCharsetsThroughIconv() throws {
        let text = page(Self.expected)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let fromUTF16 = try ArticleExtractor().extract(utf16, context: PageContext(url: "https://fr.test/"))
        #expect(fromUTF16.paragraphs.first == Self.expected)

        let russian = "Городской совет одобрил план реконструкции центральной библиотеки после долгих споров."
        let koi8 = try #require(IconvForTests.encode(page(russian, head: "<meta charset=\"koi8-r\">"), to: "KOI8-R"))
        let fromKOI8 = try ArticleExtractor().extract(koi8, context: PageContext(url: "https://ru.test/"))
        #expect(fromKOI8.paragraphs.first == russian)
    }
}

/// Encodes test pages into legacy charsets with glibc's iconv.
enum IconvForTests {
    static func encode(_ text: String, to charset: String) -> [UInt8]? {
        let descriptor = iconv_open(charset, "UTF-8")
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPointer = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outLeft = outRaw.count
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1 else { return nil }
                return outRaw.count - outLeft
            }
        }
        guard let produced else { return nil }
        return Array(output[..<produced])
    }
}

import Foundation
import Testing
@testable import FeedParsing

/// Documents in many encodings, declared in every way RFC 7303 and feedparser weigh:
/// BOM, XML declaration, HTTP charset.
@Suite struct EncodingTests {
    /// `text` encoded by the system's iconv (a real encoder, independent of the parser's).
    static func encode(_ text: String, as charset: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["iconv", "-f", "UTF-8", "-t", charset]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        return bytes
    }

    struct Case: CustomStringConvertible, Sendable {
        var description: String
        /// Charset to encode the document with.
        var charset: String
        /// The `encoding` of the XML declaration; nil for no declaration.
        var declared: String?
        var contentType: String? = nil
        var prefix: [UInt8] = []
        var title: String
    }

    static let cases: [Case] = [
        Case(description: "UTF-8 with BOM", charset: "UTF-8", declared: nil, prefix: [0xEF, 0xBB, 0xBF], title: "Grüße"),
        Case(description: "UTF-16LE with BOM", charset: "UTF-16LE", declared: "utf-16", prefix: [0xFF, 0xFE], title: "Grüße 日本"),
        Case(description: "UTF-16BE with BOM", charset: "UTF-16BE", declared: "utf-16", prefix: [0xFE, 0xFF], title: "Grüße 日本"),
        Case(description: "UTF-16LE without BOM", charset: "UTF-16LE", declared: "utf-16", title: "Ωmega"),
        Case(description: "UTF-16BE without BOM", charset: "UTF-16BE", declared: "UTF-16BE", title: "Ωmega"),
        Case(description: "UTF-32LE with BOM", charset: "UTF-32LE", declared: nil, prefix: [0xFF, 0xFE, 0, 0], title: "Ωmega"),
        Case(description: "UTF-32BE without BOM", charset: "UTF-32BE", declared: "utf-32", title: "Ωmega"),
        Case(description: "windows-1251", charset: "WINDOWS-1251", declared: "windows-1251", title: "Новости"),
        Case(description: "windows-1252", charset: "WINDOWS-1252", declared: "windows-1252", title: "“quoted” €5"),
        Case(description: "ISO-8859-1", charset: "ISO-8859-1", declared: "ISO-8859-1", title: "café"),
        Case(description: "ISO-8859-2", charset: "ISO-8859-2", declared: "iso-8859-2", title: "Łódź"),
        Case(description: "ISO-8859-15", charset: "ISO-8859-15", declared: "ISO-8859-15", title: "€uro"),
        Case(description: "KOI8-R", charset: "KOI8-R", declared: "koi8-r", title: "Привет"),
        Case(description: "KOI8-U", charset: "KOI8-U", declared: "KOI8-U", title: "Ґанок"),
        Case(description: "Shift_JIS", charset: "SHIFT_JIS", declared: "Shift_JIS", title: "日本語"),
        Case(description: "EUC-JP", charset: "EUC-JP", declared: "EUC-JP", title: "日本語"),
        Case(description: "GB2312 read as GB18030", charset: "GB18030", declared: "gb2312", title: "中文"),
        Case(description: "GBK", charset: "GBK", declared: "GBK", title: "中文"),
        Case(description: "Big5", charset: "BIG5", declared: "big5", title: "中文"),
        Case(description: "EUC-KR", charset: "EUC-KR", declared: "euc-kr", title: "년"),
        Case(description: "EBCDIC cp037", charset: "IBM037", declared: "cp037", title: "Ø"),
        Case(description: "HTTP charset overrides the declaration", charset: "WINDOWS-1251", declared: "iso-8859-1",
             contentType: "application/rss+xml; charset=windows-1251", title: "Новости"),
        Case(description: "text/xml charset overrides the declaration", charset: "WINDOWS-1252", declared: "iso-8859-1",
             contentType: "text/xml; charset=\"windows-1252\"", title: "“x”"),
        Case(description: "text/xml without charset falls back to the declaration", charset: "WINDOWS-1251",
             declared: "windows-1251", contentType: "text/xml", title: "Новости"),
        Case(description: "no declaration: UTF-8", charset: "UTF-8", declared: nil, title: "naïve"),
        Case(description: "ISO-8859-1 bytes with no declaration are recovered", charset: "ISO-8859-1", declared: nil, title: "café"),
        Case(description: "declared UTF-8 but windows-1252", charset: "WINDOWS-1252", declared: "utf-8", title: "don’t"),
        Case(description: "unknown declared charset", charset: "UTF-8", declared: "x-no-such-charset", title: "ok ü"),
        Case(description: "white space before the declaration", charset: "WINDOWS-1251", declared: "windows-1251",
             prefix: Array("\n\n  ".utf8), title: "Новости"),
        Case(description: "a UTF-16 BOM beats the declaration", charset: "UTF-16LE", declared: "utf-8",
             prefix: [0xFF, 0xFE], title: "日本"),
        Case(description: "a BOM beats the HTTP charset", charset: "UTF-8", declared: nil,
             contentType: "text/xml; charset=windows-1251", prefix: [0xEF, 0xBB, 0xBF], title: "Grüße"),
        Case(description: "mac-turkish, which iconv lacks", charset: "MACINTOSH", declared: "macturkish", title: "Äé"),
    ]

    @Test(arguments: cases)
    func decodes(_ testCase: Case) throws {
        let declaration = testCase.declared.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>\n" } ?? ""
        let document = "\(declaration)<rss version=\"2.0\"><channel><title>\(testCase.title)</title></channel></rss>"
        let bytes = testCase.prefix + (try Self.encode(document, as: testCase.charset))
        let feed = try FeedParser().parse(bytes, context: DocumentContext(contentType: testCase.contentType))
        #expect(feed.title == testCase.title)
    }

    @Test func charsetNamesMatchAsPythonMatchesThem() {
        #expect(CharsetName.normalized("  Windows_1251 ") == "windows-1251")
        #expect(CharsetName.normalized("ISO8859-1") == "iso8859-1")
        #expect(CharsetName.iconvCandidates("maciceland") == ["MAC-IS"])
        #expect(CharsetName.iconvCandidates("windows-1252") == ["windows-1252", "windows1252"])
        #expect(CharsetName.unicodeForm("utf-16") == .utf16)
    }

    @Test func junkBeforeTheDeclarationIsDropped() throws {
        let document = Array("HTTP/1.1 200 OK\r\n\r\n<?xml version=\"1.0\"?><rss><channel><title>t</title></channel></rss>".utf8)
        #expect(try FeedParser().parse(document).title == "t")
    }

    @Test func controlCharactersAreRemoved() throws {
        let document = Array("<rss><channel><title>a\u{0}b\u{1}c\u{B}d</title></channel></rss>".utf8)
        let feed = try FeedParser().parse(document)
        #expect(feed.title == "abcd")
        #expect(!feed.recoveredProblems.isEmpty)
    }
}

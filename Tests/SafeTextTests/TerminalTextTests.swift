import Foundation
import SafeText
import Testing

@Suite struct TerminalTextTests {
    /// Every unsafe kind, spelled out: C0 (ESC starting a colour), DEL, C1 (CSI, NEL), the
    /// separators, and the bidi controls.
    static let hostile: [(raw: String, shown: String)] = [
        ("\u{1B}[31mred", "\\x1B[31mred"),
        ("bell\u{7}", "bell\\x07"),
        ("del\u{7F}", "del\\x7F"),
        ("csi\u{9B}2J", "csi\\u{009B}2J"),
        ("next\u{85}line", "next\\u{0085}line"),
        ("a\u{2028}b\u{2029}c", "a\\u{2028}b\\u{2029}c"),
        ("\u{202E}evil.exe", "\\u{202E}evil.exe"),
        ("x\u{202A}\u{202B}\u{202C}\u{202D}", "x\\u{202A}\\u{202B}\\u{202C}\\u{202D}"),
        ("\u{2066}\u{2067}\u{2068}\u{2069}", "\\u{2066}\\u{2067}\\u{2068}\\u{2069}"),
        ("\u{200E}\u{200F}\u{061C}", "\\u{200E}\\u{200F}\\u{061C}"),
        ("tab\tand\nnewline\r", "tab\\tand\\nnewline\\r"),
    ]

    @Test(arguments: hostile)
    func unsafeCharactersAreShownAsEscapes(raw: String, shown: String) {
        #expect(TerminalText.render(raw) == shown)
    }

    @Test func ordinaryTextIsLeftAlone() {
        for text in ["café", "東京の天気", "مرحبا بالعالم", "Ελλάδα", "emoji 🎉", "back\\slash", "non\u{A0}breaking", "©®", ""] {
            #expect(TerminalText.render(text) == text)
        }
    }

    @Test func passwordsAreMasked() {
        #expect(TerminalText.render("moved to https://ann:s3cret@feeds.example/x") == "moved to https://ann:***@feeds.example/x")
    }

    /// The byte-wise check and the scalar-wise one agree on every scalar.
    @Test func byteScanAgreesWithScalarClassification() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(Character(scalar)).utf8)
            let length = bytes.withUnsafeBytes { UnsafeCharacters.unsafeLength(at: 0, in: $0) }
            if (length > 0) != UnsafeCharacters.isUnsafe(scalar) || (length > 0 && length != bytes.count) {
                disagreements.append(value)
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10).map { String($0, radix: 16) })")
    }

    @Test func jsonLinesKeepTheirMeaningWithoutRawUnsafeBytes() throws {
        let record: [String: Any] = ["title": Self.hostile.map(\.raw).joined(separator: " | "), "link": "https://u:pw@site.example/a"]
        let line = try JSONSerialization.data(withJSONObject: record, options: [.withoutEscapingSlashes])
        var output: [UInt8] = []
        line.withUnsafeBytes { TerminalText.appendJSONLine($0, to: &output) }
        let text = String(decoding: output, as: UTF8.self)
        #expect(!UnsafeCharacters.occur(in: text))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: String])
        #expect(decoded["title"] == record["title"] as? String)
        #expect(decoded["link"] == "https://u:***@site.example/a")
    }
}

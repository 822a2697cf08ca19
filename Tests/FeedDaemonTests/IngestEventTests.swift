@testable import FeedDaemon
import Testing

@Suite struct IngestEventTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("two words", "\"two words\""),
        ("", "\"\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ("back\\slash", "\"back\\\\slash\""),
        ("line\nbreak", "\"line\\nbreak\""),
        ("bell\u{7}", "\"bell\\x07\""),
        ("caf\u{E9}", "caf\u{E9}"),
        // C1, separators and bidi controls make a value quoted and escaped, even with no space.
        ("csi\u{9B}", "\"csi\\u{009B}\""),
        ("a\u{2028}b", "\"a\\u{2028}b\""),
        ("\u{202E}gpj.exe", "\"\\u{202E}gpj.exe\""),
        ("\u{2066}x\u{2069}", "\"\\u{2066}x\\u{2069}\""),
        ("\u{200F}\u{061C}", "\"\\u{200F}\\u{061C}\""),
        ("https://ann:s3cret@feeds.example/rss", "https://ann:***@feeds.example/rss"),
    ])
    func quoting(value: String, quoted: String) {
        #expect(IngestEvent.quoted(value) == quoted)
    }

    @Test func linesReadAsKeyValuePairs() {
        #expect(IngestEvent.polled(feed: "news", url: "https://n.example/f", status: 200, items: 30, new: 2, bytes: 1234, milliseconds: 56).text
                == "polled feed=news url=https://n.example/f status=200 items=30 new=2 bytes=1234 ms=56")
        #expect(IngestEvent.ingested(feed: "My News", canonicalURL: "https://n.example/a", title: "A  title\n").text
                == "ingested feed=\"My News\" url=https://n.example/a title=\"A title\"")
        #expect(IngestEvent.failed(feed: "x", url: "http://x/", cause: "HTTP 404 Not Found", retryIn: 120).text
                == "failed feed=x url=http://x/ cause=\"HTTP 404 Not Found\" retry_in=120s")
    }

    @Test func configAndDaemonMessagesAreEscapedAndMasked() {
        #expect(IngestEvent.config(message: "reloaded \u{1B}[2J from \u{202E}x").text == "config reloaded \\x1B[2J from \\u{202E}x")
        #expect(IngestEvent.daemon(message: "started\nfake line").text == "daemon started\\nfake line")
        #expect(IngestEvent.failed(feed: "f", url: "https://a:b@h.example/", cause: "redirect to http://c:d@i.example/ refused", retryIn: nil).text
                == "failed feed=f url=https://a:***@h.example/ cause=\"redirect to http://c:***@i.example/ refused\"")
    }

    @Test func aHostileTitleStaysOneLineWithNothingRawInIt() {
        let text = IngestEvent.ingested(feed: "f", canonicalURL: "https://x.example/a",
                                        title: "Breaking\u{85}\u{1B}]0;owned\u{7}\u{2028}\u{202E}news").text
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{202E}" })
        #expect(text == "ingested feed=f url=https://x.example/a title=\"Breaking\\u{0085}\\x1B]0;owned\\x07\\u{2028}\\u{202E}news\"")
    }

    @Test func longTitlesAreShortened() {
        let text = IngestEvent.ingested(feed: "f", canonicalURL: "u", title: String(repeating: "x", count: 500)).text
        #expect(text.count < 260)
        #expect(text.hasSuffix("…"))
    }
}

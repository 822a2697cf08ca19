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

    @Test func longTitlesAreShortened() {
        let text = IngestEvent.ingested(feed: "f", canonicalURL: "u", title: String(repeating: "x", count: 500)).text
        #expect(text.count < 260)
        #expect(text.hasSuffix("…"))
    }
}

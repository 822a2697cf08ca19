@testable import FeedDaemon
import Testing

@Suite struct TOMLSourceMapTests {
    let text = """
    # comment
    state_dir = "/x"

    [poll]
    interval = "5m"
    description = \"\"\"
    url = "not a key"
    \"\"\"

    [[feed]]
    url = "http://a/"

    [[feed]]
      name = "b"
      "url" = "http://b/"
    """

    @Test func findsKeysAndTables() {
        let map = TOMLSourceMap(text: text)
        #expect(map.line(table: "", key: "state_dir") == 2)
        #expect(map.line(table: "poll") == 4)
        #expect(map.line(table: "poll", key: "interval") == 5)
        #expect(map.line(table: "feed#0", key: "url") == 11)
        #expect(map.line(table: "feed#1") == 13)
        #expect(map.line(table: "feed#1", key: "name") == 14)
        #expect(map.line(table: "feed#1", key: "url") == 15)
    }

    @Test func skipsMultilineStrings() {
        let map = TOMLSourceMap(text: text)
        #expect(map.line(table: "poll", key: "url") == 4, "a key-like line inside a multi-line string is not a key")
    }

    /// Lines end at the byte: CRLF files number their lines as LF ones do.
    @Test func crlfLinesAreNumberedLikeLFLines() {
        let crlf = TOMLSourceMap(text: text.replacingOccurrences(of: "\n", with: "\r\n"))
        let lf = TOMLSourceMap(text: text)
        for (table, key) in [("", "state_dir"), ("poll", nil), ("poll", "interval"), ("feed#0", "url"), ("feed#1", "name"), ("feed#1", "url")] {
            #expect(crlf.line(table: table, key: key) == lf.line(table: table, key: key), "\(table) \(key ?? "-")")
        }
        #expect(crlf.headerLines == [4, 10, 13])
        #expect(lf.headerLines == [4, 10, 13])
    }

    @Test func unknownKeyFallsBackToTableHeader() {
        let map = TOMLSourceMap(text: text)
        #expect(map.line(table: "feed#0", key: "missing") == 10)
    }
}

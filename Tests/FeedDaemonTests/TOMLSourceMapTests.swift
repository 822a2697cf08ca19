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

    @Test func unknownKeyFallsBackToTableHeader() {
        let map = TOMLSourceMap(text: text)
        #expect(map.line(table: "feed#0", key: "missing") == 10)
    }
}

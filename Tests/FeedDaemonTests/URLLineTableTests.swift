@testable import FeedDaemon
import Testing

/// The merge's table of last journal lines by URL bytes: against a dictionary of the same URLs.
@Suite struct URLLineTableTests {
    func set(_ table: inout URLLineTable, _ url: String, _ line: Int32) {
        var url = url
        url.withUTF8 { table.set(UnsafeRawBufferPointer($0), line: line) }
    }

    func lastLine(_ table: URLLineTable, _ url: String) -> Int32? {
        var url = url
        return url.withUTF8 { table.line(of: UnsafeRawBufferPointer($0)) }
    }

    @Test func keepsTheLastLineOfEveryURLThroughGrowth() {
        var table = URLLineTable()
        var expected: [String: Int32] = [:]
        // Prefixes of one another, the empty URL, and enough of them to grow the table many times.
        let urls = [""] + (0..<5000).map { "https://feeds.example/\($0)" } + ["https://feeds.example/", "h"]
        var line: Int32 = 0
        for round in 0..<3 {
            for (index, url) in urls.enumerated() where index % (round + 1) == 0 {
                set(&table, url, line)
                expected[url] = line
                line += 1
            }
        }
        #expect(table.count == urls.count)
        for url in urls {
            #expect(lastLine(table, url) == expected[url], "\(url)")
        }
        #expect(lastLine(table, "https://feeds.example/5000") == nil)
        #expect(lastLine(table, "https://feeds.example") == nil)
        #expect(lastLine(table, "ünïcode") == nil)
    }
}

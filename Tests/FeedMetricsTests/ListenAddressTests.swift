import FeedMetrics
import Testing

@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464),
        ("localhost:9464", "127.0.0.1", 9464),
        ("0.0.0.0:80", "0.0.0.0", 80),
        ("[::1]:9464", "::1", 9464),
        ("[::]:1", "::", 1),
    ])
    func parses(text: String, host: String, port: Int) throws {
        let address = try ListenAddress.parse(text).get()
        #expect(address.host == host)
        #expect(Int(address.port) == port)
    }

    @Test(arguments: ["9464", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:http",
                      "::1:9464", "[::1]", "[::1:9464", "metrics.example:9464", "256.0.0.1:9464", ""])
    func refuses(text: String) {
        guard case .failure(let problem) = ListenAddress.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(problem.description.contains("\"\(text)\""), "\(problem)")
    }

    @Test func printsIPv6InBrackets() throws {
        #expect(try ListenAddress.parse("[::1]:9464").get().description == "[::1]:9464")
        #expect(try ListenAddress.parse("localhost:9").get().description == "127.0.0.1:9")
    }
}

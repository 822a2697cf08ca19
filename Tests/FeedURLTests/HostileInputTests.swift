import FeedURL
import Testing

/// Huge links of every shape finish (in time linear in their size) with a sensible result.
/// Nothing here times anything: a quadratic step would show as a test that does not finish.
private let size = 200_000

@Test("a huge path of dot segments collapses")
func hugeDotSegments() {
    let url = "http://example.com" + String(repeating: "/a/..", count: size / 5)
    #expect(URLCanonicalizer().canonicalize(url) == "http://example.com/")
    #expect(URLResolution.resolve(url, against: nil) == "http://example.com/")
}

@Test("a huge query keeps every non-tracking parameter")
func hugeQuery() throws {
    let url = "http://example.com/?" + (0..<size / 10).map { "p\($0 % 997)=\($0)&utm_x=1" }.joined(separator: "&")
    let canonical = try #require(URLCanonicalizer().canonicalize(url))
    #expect(canonical.split(separator: "&").count == size / 10)
    #expect(!canonical.contains("utm_"))
}

@Test("a huge non-ASCII host is no IDN: it stays percent-encoded")
func hugeHost() throws {
    let host = (0..<size / 3).map { _ in "\u{4E00}" }.joined()
    let canonical = try #require(URLCanonicalizer().canonicalize("http://\(host)/"))
    #expect(canonical == "http://" + String(repeating: "%E4%B8%80", count: size / 3) + "/")
}

@Test("huge runs of bad escapes, spaces and non-ASCII are all escaped")
func hugeEscapes() throws {
    let url = "http://example.com/" + String(repeating: "%zz%41 \u{FC}", count: size / 8)
    let canonical = try #require(URLCanonicalizer().canonicalize(url))
    #expect(canonical == "http://example.com/" + String(repeating: "%25zzA%20%C3%BC", count: size / 8))
}

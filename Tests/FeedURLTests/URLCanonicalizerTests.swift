import FeedURL
import Testing

/// One row per rule of the canonical form, then the odd inputs feeds produce.
private let canonicalForms: [(url: String, canonical: String?)] = [
    // scheme and host case
    ("HTTP://Example.COM/Path", "http://example.com/Path"),
    ("hTTpS://WWW.EXAMPLE.ORG/", "https://www.example.org/"),
    // default and odd ports
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:443/a", "http://example.com:443/a"),
    ("https://example.com:80/a", "https://example.com:80/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("http://example.com:0080/a", "http://example.com/a"),
    ("http://example.com:/a", "http://example.com/a"),
    ("http://example.com:000/a", "http://example.com:0/a"),
    ("http://example.com:8o/a", nil),
    // dot segments, empty path, slashes
    ("http://example.com/a/./b/../c", "http://example.com/a/c"),
    ("http://example.com/a/%2E%2e/b", "http://example.com/b"),
    ("http://example.com/../../a", "http://example.com/a"),
    ("http://example.com", "http://example.com/"),
    ("http://example.com?x=1", "http://example.com/?x=1"),
    ("http://example.com/a/", "http://example.com/a/"),
    ("http://example.com//a//b", "http://example.com//a//b"),
    // percent-encoding
    ("http://example.com/%7euser/%41%2d%5F", "http://example.com/~user/A-_"),
    ("http://example.com/a%2fb%3f%23%26", "http://example.com/a%2Fb%3F%23%26"),
    ("http://example.com/?q=a%2bb&r=a+b&s=%3d", "http://example.com/?q=a%2Bb&r=a+b&s=%3D"),
    ("http://example.com/a b/c\"d", "http://example.com/a%20b/c%22d"),
    ("http://example.com/caf\u{E9}/\u{65E5}\u{672C}", "http://example.com/caf%C3%A9/%E6%97%A5%E6%9C%AC"),
    ("http://example.com/100%/%zz%4", "http://example.com/100%25/%25zz%254"),
    ("http://example.com/a\\b", "http://example.com/a\\b"),
    ("http://example.com/[x]{y}|", "http://example.com/%5Bx%5D%7By%7D%7C"),
    // fragment
    ("http://example.com/a#comments", "http://example.com/a"),
    ("http://example.com/a?b=1#", "http://example.com/a?b=1"),
    ("http://example.com/#!/post/%7e1", "http://example.com/#!/post/~1"),
    // query: tracking, empty, order
    ("http://example.com/?utm_source=rss&utm_medium=feed", "http://example.com/"),
    ("http://example.com/a?", "http://example.com/a"),
    ("http://example.com/a?&&", "http://example.com/a"),
    ("http://example.com/a?b=2&a=1&c", "http://example.com/a?a=1&b=2&c"),
    ("http://example.com/a?x=2&a=9&x=1", "http://example.com/a?a=9&x=2&x=1"),
    ("http://example.com/a?fbclid=1&id=7&UTM_Campaign=z&gclid=2", "http://example.com/a?id=7"),
    ("http://example.com/a?utm%5Fsource=x&id=7", "http://example.com/a?id=7"),
    ("http://example.com/a?B=1&a=1", "http://example.com/a?B=1&a=1"),
    ("http://example.com/a?a=&a", "http://example.com/a?a=&a"),
    ("http://example.com/a?path=/x/../y", "http://example.com/a?path=/x/../y"),
    // IDN hosts
    ("http://B\u{FC}cher.example/", "http://xn--bcher-kva.example/"),
    ("http://BU\u{308}CHER.example/", "http://xn--bcher-kva.example/"),
    ("http://m%C3%BCnchen.de/", "http://xn--mnchen-3ya.de/"),
    ("http://\u{4F8B}\u{3048}\u{3002}\u{30C6}\u{30B9}\u{30C8}/", "http://xn--r8jz45g.xn--zckzah/"),
    ("http://xn--BCHER-KVA.example/", "http://xn--bcher-kva.example/"),
    ("http://%ff.example/", "http://%FF.example/"),
    ("http://ex%41mple.com/", "http://example.com/"),
    ("http://exa mple.com/", "http://exa%20mple.com/"),
    ("http://\u{212A}.example/", "http://k.example/"),          // Kelvin sign lower-cases to ASCII
    ("http://\u{FC}%5b.example/", "http://%C3%BC%5B.example/"),  // escapes a DNS name cannot hold: no IDN
    // IP literals
    ("http://[::1]:443/", "http://[::1]:443/"),
    ("https://[::1]:443/", "https://[::1]/"),
    ("http://[FE80::A%25en0]:8080/", "http://[fe80::a%25en0]:8080/"),
    ("http://[::1/", nil),
    ("http://[::1]x/", nil),
    ("http://127.0.0.1:80/", "http://127.0.0.1/"),
    // userinfo
    ("http://User:P%61ss@Example.com/", "http://User:Pass@example.com/"),
    ("http://@example.com/", "http://example.com/"),
    // whitespace
    ("  https://example.com/a \n", "https://example.com/a"),
    ("https://example.com/very/\n    long/link", "https://example.com/very/long/link"),
    // not absolute, or no host
    ("", nil),
    ("   ", nil),
    ("/relative/path", nil),
    ("//example.com/a", nil),
    ("example.com/a", nil),
    ("http:///a", nil),
    ("http://", nil),
    ("http://user@/a", nil),
    ("http:example.com", nil),
    ("https:/example.com/a", nil),
    ("1http://example.com/", nil),
    // other schemes
    ("MAILTO:Someone@Example.com", "mailto:Someone@Example.com"),
    ("urn:ISBN:0451450523", "urn:ISBN:0451450523"),
    ("tag:example.com,2005:Item/1#x", "tag:example.com,2005:Item/1#x"),
    ("FTP://FTP.Example.com:21/a/./b/%7e?Z=1&A=2#Frag", "ftp://ftp.example.com:21/a/b/~?Z=1&A=2#Frag"),
    ("ftp://example.com", "ftp://example.com"),
    ("foo://[::1/x", "foo://[::1/x"),
]

@Test("canonical forms", arguments: canonicalForms)
func canonicalForm(url: String, canonical: String?) {
    #expect(URLCanonicalizer().canonicalize(url) == canonical)
}

@Test("a configured tracking list replaces the default one")
func customTrackingParameters() {
    let canonicalizer = URLCanonicalizer(trackingParameters: TrackingParameters(names: ["Session"], prefixes: ["x-"]))
    #expect(canonicalizer.canonicalize("http://example.com/?session=1&X-Foo=2&utm_source=3&b=4")
        == "http://example.com/?b=4&utm_source=3")
    #expect(canonicalizer.trackingParameters.names == ["session"])
}

@Test("a canonicalizer with no tracking list still drops empty parameters and sorts")
func emptyTrackingParameters() {
    let canonicalizer = URLCanonicalizer(trackingParameters: TrackingParameters(names: [], prefixes: []))
    #expect(canonicalizer.canonicalize("http://example.com/?z=1&&utm_source=2") == "http://example.com/?utm_source=2&z=1")
}

@Test("a query with thousands of parameters is sorted and filtered whole")
func manyParameters() throws {
    let count = 5_000
    let query = (0..<count).reversed().map { "p\(String($0, radix: 36))=\($0)&utm_\($0)=x" }.joined(separator: "&")
    let canonical = try #require(URLCanonicalizer().canonicalize("http://example.com/?" + query))
    let names = try #require(canonical.split(separator: "?").last).split(separator: "&").map { $0.prefix { $0 != "=" } }
    #expect(names.count == count)
    #expect(names == names.sorted())
}

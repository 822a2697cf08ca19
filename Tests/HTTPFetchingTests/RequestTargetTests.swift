@testable import HTTPFetching
import Testing

@Test(arguments: [
    ("http://example.com/feed", "example.com:80"),
    ("https://Example.COM/feed?x=1", "example.com:443"),
    ("http://example.com:8080", "example.com:8080"),
    ("http://user:pw@example.com:81/", "example.com:81"),
    ("http://[::1]:9000/x", "[::1]:9000"),
    ("HTTP://127.0.0.1/", "127.0.0.1:80"),
    ("file:///tmp/feed.xml", "file:"),
])
func hostKeyIsHostAndPortOfTheRequestedURL(url: String, expected: String) throws {
    #expect(try RequestTarget(url: url, trust: .configured).hostKey == expected)
}

@Test(arguments: [
    ("ftp://example.com/feed", FetchError.Kind.refusedScheme),
    ("gopher://example.com/", .refusedScheme),
    ("javascript:alert(1)", .refusedScheme),
    ("example.com/feed", .transfer),
    ("http://", .transfer),
    ("", .transfer),
])
func unusableURLsAreRefusedBeforeQueueing(url: String, kind: FetchError.Kind) {
    #expect {
        try RequestTarget(url: url, trust: .configured)
    } throws: { error in
        (error as? FetchError)?.kind == kind
    }
}

@Test(arguments: [FetchTrust.untrusted, .redirected(from: "file:///etc/feedd/feed.xml")])
func fileURLsAreOnlyForConfiguredURLs(trust: FetchTrust) throws {
    #expect(throws: FetchError(.refusedScheme, "refused scheme file: (only for a configured feed URL)")) {
        try RequestTarget(url: "file:///etc/passwd", trust: trust)
    }
    #expect(try RequestTarget(url: "file:///etc/passwd", trust: .configured).isFile)
}

@Test(arguments: [
    ("http://127.0.0.1:8080/feed", FetchTrust.configured, "127.0.0.1" as String?),
    ("http://LocalHost/feed", .configured, "localhost"),
    ("http://[::1]:9000/feed", .configured, "[::1]"),
    ("http://feeds.example/feed", .configured, nil),
    ("http://127.0.0.1/feed", .untrusted, nil),
    ("http://127.0.0.1/moved", .redirected(from: "http://127.0.0.2:8080/feed"), "127.0.0.2"),
    ("http://127.0.0.1/moved", .redirected(from: "http://feeds.example/feed"), nil),
])
func onlyConfiguredURLsExemptTheAddressTheirHostNames(url: String, trust: FetchTrust, host: String?) throws {
    #expect(try RequestTarget(url: url, trust: trust).exemption?.host == host)
}

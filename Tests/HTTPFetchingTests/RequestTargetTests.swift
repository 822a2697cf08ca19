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
    #expect(try RequestTarget(url: url).hostKey == expected)
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
        try RequestTarget(url: url)
    } throws: { error in
        (error as? FetchError)?.kind == kind
    }
}

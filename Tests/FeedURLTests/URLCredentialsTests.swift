import FeedURL
import Testing

@Suite struct URLCredentialsTests {
    @Test(arguments: [
        ("https://ann:s3cret@feeds.example/rss", "https://ann:***@feeds.example/rss"),
        ("http://ann:p%40ss:word@host:8080?x=1", "http://ann:***@host:8080?x=1"),
        ("cause=\"GET https://a:b@one.example/ failed; try https://c:d@two.example#x\"",
         "cause=\"GET https://a:***@one.example/ failed; try https://c:***@two.example#x\""),
        ("https://ann:***@feeds.example/", "https://ann:***@feeds.example/"),
        ("https://token@feeds.example/", "https://token@feeds.example/"),
        ("https://feeds.example/@someone/rss", "https://feeds.example/@someone/rss"),
        ("mailto:ann@example.com", "mailto:ann@example.com"),
        ("write to ann@example.com about http://[::1]:80/x", "write to ann@example.com about http://[::1]:80/x"),
        ("no url here", "no url here"),
    ])
    func passwordsAreMasked(text: String, masked: String) {
        #expect(URLCredentials.masked(text) == masked)
    }

    @Test(arguments: [
        ("https://ann:s3cret@feeds.example/rss?a=b", "https://feeds.example/rss?a=b"),
        ("https://token@feeds.example", "https://feeds.example"),
        ("https://feeds.example/@x", "https://feeds.example/@x"),
        ("file:///srv/feed.xml", "file:///srv/feed.xml"),
    ])
    func userinfoIsRemovedFromABase(url: String, base: String) {
        #expect(URLCredentials.removed(from: url) == base)
    }
}

import FeedURL
import Testing

/// RFC 3986 §5.4: every example, verbatim, against its base "http://a/b/c/d;p?q".
private let rfcBase = "http://a/b/c/d;p?q"

private let rfcNormalExamples: [(reference: String, resolved: String)] = [
    ("g:h", "g:h"),
    ("g", "http://a/b/c/g"),
    ("./g", "http://a/b/c/g"),
    ("g/", "http://a/b/c/g/"),
    ("/g", "http://a/g"),
    ("//g", "http://g"),
    ("?y", "http://a/b/c/d;p?y"),
    ("g?y", "http://a/b/c/g?y"),
    ("#s", "http://a/b/c/d;p?q#s"),
    ("g#s", "http://a/b/c/g#s"),
    ("g?y#s", "http://a/b/c/g?y#s"),
    (";x", "http://a/b/c/;x"),
    ("g;x", "http://a/b/c/g;x"),
    ("g;x?y#s", "http://a/b/c/g;x?y#s"),
    ("", "http://a/b/c/d;p?q"),
    (".", "http://a/b/c/"),
    ("./", "http://a/b/c/"),
    ("..", "http://a/b/"),
    ("../", "http://a/b/"),
    ("../g", "http://a/b/g"),
    ("../..", "http://a/"),
    ("../../", "http://a/"),
    ("../../g", "http://a/g"),
]

private let rfcAbnormalExamples: [(reference: String, resolved: String)] = [
    ("../../../g", "http://a/g"),
    ("../../../../g", "http://a/g"),
    ("/./g", "http://a/g"),
    ("/../g", "http://a/g"),
    ("g.", "http://a/b/c/g."),
    (".g", "http://a/b/c/.g"),
    ("g..", "http://a/b/c/g.."),
    ("..g", "http://a/b/c/..g"),
    ("./../g", "http://a/b/g"),
    ("./g/.", "http://a/b/c/g/"),
    ("g/./h", "http://a/b/c/g/h"),
    ("g/../h", "http://a/b/c/h"),
    ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
    ("g;x=1/../y", "http://a/b/c/y"),
    ("g?y/./x", "http://a/b/c/g?y/./x"),
    ("g?y/../x", "http://a/b/c/g?y/../x"),
    ("g#s/./x", "http://a/b/c/g#s/./x"),
    ("g#s/../x", "http://a/b/c/g#s/../x"),
    ("http:g", "http:g"),  // the strict reading
]

@Test("RFC 3986 §5.4.1 normal examples", arguments: rfcNormalExamples)
func rfcNormalExample(reference: String, resolved: String) {
    #expect(URLResolution.resolve(reference, against: rfcBase) == resolved)
}

@Test("RFC 3986 §5.4.2 abnormal examples", arguments: rfcAbnormalExamples)
func rfcAbnormalExample(reference: String, resolved: String) {
    #expect(URLResolution.resolve(reference, against: rfcBase) == resolved)
}

/// What feeds really carry: links with whitespace, raw spaces and non-ASCII, odd bases.
private let lenientExamples: [(reference: String, base: String?, resolved: String)] = [
    ("  /a b\n", "https://example.com/feed.xml", "https://example.com/a%20b"),
    ("\t https://example.com/x \r\n", nil, "https://example.com/x"),
    ("caf\u{E9}/\u{1F600}", "https://example.com/blog/", "https://example.com/blog/caf%C3%A9/%F0%9F%98%80"),
    ("/long/\n  link", "https://example.com/", "https://example.com/long/link"),
    ("?q=a b&c=\"d\"", "https://example.com/p", "https://example.com/p?q=a%20b&c=%22d%22"),
    ("/p#frag ment", "https://example.com/", "https://example.com/p#frag%20ment"),
    ("/100%", "https://example.com/", "https://example.com/100%25"),
    ("/a%2fb%41", "https://example.com/", "https://example.com/a%2fb%41"),   // escapes kept as written
    ("/a{b}|c^", "https://example.com/", "https://example.com/a%7Bb%7D%7Cc%5E"),
    ("a\\b", "https://example.com/dir/", "https://example.com/dir/a\\b"),   // backslashes left
    ("//b\u{FC}cher.example/x", "https://example.com/", "https://b\u{FC}cher.example/x"),  // IDN left
    ("https://B\u{FC}cher.example/./a/../b", nil, "https://B\u{FC}cher.example/b"),
    ("https://user@[::1]:8080/a", nil, "https://user@[::1]:8080/a"),
    ("relative/path", nil, "relative/path"),
    (" relative path ", nil, "relative%20path"),
    ("a", "mailto:someone@example.com", "a"),
    ("a", "urn:isbn:0451450523", "a"),
    ("#s", "tag:example.com,2005:feed", "#s"),
    ("a", "relative/base", "a"),
    ("mailto:someone@example.com", "https://example.com/", "mailto:someone@example.com"),
    ("x", "file:/var/feeds/a.xml", "file:/var/feeds/x"),
    ("../x", "https://example.com", "https://example.com/x"),
    ("?y", "https://example.com", "https://example.com?y"),
    ("", "https://example.com/a#frag", "https://example.com/a"),
    ("HTTP://Example.COM/A/./B", "https://other.example/", "HTTP://Example.COM/A/B"),
    ("", nil, ""),
    ("   ", "https://example.com/a?q", "https://example.com/a?q"),
]

@Test("lenient resolution of real-world links", arguments: lenientExamples)
func lenientResolution(reference: String, base: String?, resolved: String) {
    #expect(URLResolution.resolve(reference, against: base) == resolved)
}

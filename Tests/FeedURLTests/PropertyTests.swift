import FeedURL
import TestSupport
import Testing

private let seedURLs = [
    "https://news1.example/2026/01/01/river-a0000100001?id=1&section=city",
    "HTTP://Example.COM:80/a/./b/../c?utm_source=x&b=2&a=1#frag",
    "https://b\u{FC}cher.example/caf\u{E9}?q=a+b&x=%2f",
    "http://user:pass@[::1]:8080/p/%7e?a=1#!/x",
    "ftp://ftp.example.com/a/../b",
    "mailto:someone@example.com",
    "http://m%C3%BCnchen.de/%zz",
    "/relative/../path?x#y",
]

/// Pieces that touch every rule: delimiters, escapes (good, partial, of dots and of non-ASCII),
/// ports, brackets, tracking names, whitespace, and Unicode that changes under lower-casing
/// or NFC (Kelvin sign, dotted capital I, combining marks, ideographic dots).
private let pieces = [
    "%", "%2", "%2e", "%2E", "%41", "%C3%BC", "%ff", "%25", "/", "//", ".", "..", "/../", "/./", "?", "#",
    "#!", "&", "=", "&&", "[", "]", "[::1]", ":", ":80", ":443", ":0", "@", " ", "\t", "\n", "\\", "+",
    "utm_source=x", "fbclid=1", "a=1", "b=2", "\u{FC}", "\u{DC}", "\u{65E5}\u{672C}", "\u{3002}", "\u{FF0E}",
    "\u{212A}", "\u{130}", "\u{DF}", "\u{301}", "\u{1F600}", "xn--", "HTTP://", "https://", "A", "z", "0",
    "\u{0}", "\u{7F}", "\u{FEFF}",
]

private func mutated(_ url: String, using generator: inout SeededRandom) -> String {
    var characters = Array(url)
    for _ in 0..<Int.random(in: 1...6, using: &generator) {
        let position = Int.random(in: 0...characters.count, using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0, 1:
            characters.insert(contentsOf: pieces.randomElement(using: &generator) ?? "", at: position)
        case 2 where position < characters.count:
            let end = min(characters.count, position + Int.random(in: 1...4, using: &generator))
            characters.removeSubrange(position..<end)
        default:
            characters.insert(contentsOf: characters[position...].prefix(5), at: position)
        }
    }
    return String(characters)
}

private func randomURL(using generator: inout SeededRandom) -> String {
    if Bool.random(using: &generator) {
        return mutated(seedURLs.randomElement(using: &generator) ?? "", using: &generator)
    }
    let count = Int.random(in: 0...12, using: &generator)
    return (0..<count).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
}

@Test("canonicalize is idempotent and its http(s) output is ASCII, for random and mutated URLs",
      arguments: [UInt64(1), 2, 3, 4])
func canonicalizeIsIdempotent(seed: UInt64) {
    var generator = SeededRandom(seed: seed)
    let canonicalizer = URLCanonicalizer()
    var canonicalized = 0
    for _ in 0..<4_000 {
        let url = randomURL(using: &generator)
        guard let canonical = canonicalizer.canonicalize(url) else { continue }
        canonicalized += 1
        #expect(canonicalizer.canonicalize(canonical) == canonical, "input: \(url.debugDescription)")
        if canonical.hasPrefix("http://") || canonical.hasPrefix("https://") {
            #expect(canonical.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "input: \(url.debugDescription)")
        }
    }
    // The generator must reach the interesting paths, not only produce rejects.
    #expect(canonicalized > 1_000)
}

@Test("resolve is idempotent against the same base, for random and mutated references and bases",
      arguments: [UInt64(11), 12])
func resolveIsIdempotent(seed: UInt64) {
    var generator = SeededRandom(seed: seed)
    for _ in 0..<4_000 {
        let reference = randomURL(using: &generator)
        let base = Bool.random(using: &generator) ? nil : randomURL(using: &generator)
        let resolved = URLResolution.resolve(reference, against: base)
        #expect(URLResolution.resolve(resolved, against: base) == resolved,
                "reference: \(reference.debugDescription), base: \(String(describing: base?.debugDescription))")
    }
}

import FeedURL
import Testing

/// The traps of the shared bench farm's gen_farm.py (its `variant_link` and the Atom xml:base
/// links), written out by hand from its rules: each dirty link a farm feed prints, the base it
/// is relative to, and the canonical URL its truth.txt holds. The farm's canonical form is
/// `https://{host}{path}` plus `id` and `section` sorted when the article has a query.
private let farmTraps: [(link: String, base: String?, canonical: String)] = [
    // 0: three utm_ parameters appended, with and without a query of the article's own
    ("https://news28.example/2026/04/28/market-school-rail-budget-a0000000027?utm_source=rss&utm_medium=feed&utm_campaign=daily",
     nil, "https://news28.example/2026/04/28/market-school-rail-budget-a0000000027"),
    ("https://news10.example/2026/11/11/summit-museum-a0000000010?id=10&section=startup&utm_source=rss&utm_medium=feed&utm_campaign=daily",
     nil, "https://news10.example/2026/11/11/summit-museum-a0000000010?id=10&section=startup"),
    // 1: upper-case host
    ("https://NEWS29.EXAMPLE/2026/05/01/budget-rail-bridge-music-a0000000028",
     nil, "https://news29.example/2026/05/01/budget-rail-bridge-music-a0000000028"),
    // 2: explicit default port, with and without a query
    ("https://news30.example:443/2026/06/02/court-harbor-election-storm-a0000000029",
     nil, "https://news30.example/2026/06/02/court-harbor-election-storm-a0000000029"),
    ("https://news21.example:443/2026/09/21/summit-airport-a0000000020?id=20&section=garden",
     nil, "https://news21.example/2026/09/21/summit-airport-a0000000020?id=20&section=garden"),
    // 3: a fragment
    ("https://news22.example/2026/10/22/museum-village-river-city-a0000000021#comments",
     nil, "https://news22.example/2026/10/22/museum-village-river-city-a0000000021"),
    // 4: query parameters reversed
    ("https://news5.example/2026/06/06/forest-vote-a0000400005?section=data&id=5",
     nil, "https://news5.example/2026/06/06/forest-vote-a0000400005?id=5&section=data"),
    // 5: "a" escaped as %61, in the article suffix or inside the slug
    ("https://news15.example/2026/03/15/coast-vote-rail-garden-%610000000014",
     nil, "https://news15.example/2026/03/15/coast-vote-rail-garden-a0000000014"),
    ("https://news24.example/2026/12/24/report-%61rchive-music-school-a0000000023",
     nil, "https://news24.example/2026/12/24/report-archive-music-school-a0000000023"),
    // 6: fbclid, alone or after the article's query
    ("https://news25.example/2026/01/25/coast-science-vote-court-a0000000024?fbclid=IwAR24",
     nil, "https://news25.example/2026/01/25/coast-science-vote-court-a0000000024"),
    ("https://news16.example/2026/04/16/storm-border-a0000000015?id=15&section=festival&fbclid=IwAR15",
     nil, "https://news16.example/2026/04/16/storm-border-a0000000015?id=15&section=festival"),
    // 7: gclid first
    ("https://news26.example/2026/02/26/harbor-hospital-a0000000025?gclid=x0&id=25&section=archive",
     nil, "https://news26.example/2026/02/26/harbor-hospital-a0000000025?id=25&section=archive"),
    // Atom: a relative link under xml:base
    ("2026/06/02/village-archive-music-trial-a0000600029",
     "https://news7.example/", "https://news7.example/2026/06/02/village-archive-music-trial-a0000600029"),
    // 8: already canonical
    ("https://news3.example/2026/04/04/data-forest-a0000100003", nil, "https://news3.example/2026/04/04/data-forest-a0000100003"),
]

@Test("every trap of the farm comes out as its truth.txt line", arguments: farmTraps)
func farmTrap(link: String, base: String?, canonical: String) {
    let resolved = URLResolution.resolve(link, against: base)
    #expect(URLCanonicalizer().canonicalize(resolved) == canonical)
}

@Test("all dirty variants of one farm article share one dedup key")
func farmVariantsShareOneKey() {
    let canonicalizer = URLCanonicalizer()
    let path = "/2026/01/01/river-bridge-a0000300000"
    let variants = [
        "https://news1.example\(path)?id=0&section=city",
        "https://news1.example\(path)?id=0&section=city&utm_source=rss&utm_medium=feed&utm_campaign=daily",
        "https://NEWS1.EXAMPLE\(path)?id=0&section=city",
        "https://news1.example:443\(path)?id=0&section=city",
        "https://news1.example\(path)?id=0&section=city#comments",
        "https://news1.example\(path)?section=city&id=0",
        "https://news1.example/2026/01/01/river-bridge-%610000300000?id=0&section=city",
        "https://news1.example\(path)?id=0&section=city&fbclid=IwAR0",
        "https://news1.example\(path)?gclid=x3&id=0&section=city",
        "http://news1.example\(path)?id=0&section=city",
    ]
    let keys = Set(variants.compactMap { canonicalizer.canonicalize($0) }.map { DedupKey.of(canonicalURL: $0) })
    #expect(keys == ["https://news1.example\(path)?id=0&section=city"])
}

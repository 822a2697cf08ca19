import FeedURL
import Testing

@Test("the default tracking list", arguments: [
    ("utm_source", true), ("utm_", true), ("UTM_Medium", true), ("utm", false), ("xutm_source", false),
    ("fbclid", true), ("FBCLID", true), ("gclid", true), ("dclid", true), ("gbraid", true), ("wbraid", true),
    ("msclkid", true), ("mc_cid", true), ("mc_eid", true), ("yclid", true), ("_hsenc", true), ("_hsmi", true),
    ("mkt_tok", true), ("igshid", true), ("ref_src", true), ("mtm_campaign", true),
    ("id", false), ("ref", false), ("page", false), ("q", false), ("fbclid2", false), ("", false),
])
func defaultTrackingList(name: String, isTracking: Bool) {
    #expect(TrackingParameters.default.contains(name) == isTracking)
    #expect(TrackingParameters.default.contains(Substring(name)) == isTracking)
}

@Test("tracking lists compare by their names and prefixes")
func trackingListEquality() {
    let list = TrackingParameters(names: ["A", "b"], prefixes: ["X_"])
    #expect(list == TrackingParameters(names: ["b", "a"], prefixes: ["x_"]))
    #expect(list != TrackingParameters(names: ["a"], prefixes: ["x_"]))
    #expect(list != .default)
    #expect(list.contains("x_anything") && list.contains("B") && !list.contains("c"))
}

@Test("dedup keys fold http into https and nothing else", arguments: [
    ("http://example.com/a", "https://example.com/a"),
    ("https://example.com/a", "https://example.com/a"),
    ("http://example.com/a/", "https://example.com/a/"),
    ("ftp://example.com/a", "ftp://example.com/a"),
    ("mailto:a@example.com", "mailto:a@example.com"),
    ("http:", "http:"),
])
func dedupKey(canonicalURL: String, key: String) {
    #expect(DedupKey.of(canonicalURL: canonicalURL) == key)
}

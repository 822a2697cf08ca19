import FeedURL

/// What must hold for any string handed to the URL functions, whatever its bytes.
public enum URLProperties {
    private static let canonicalizer = URLCanonicalizer()

    /// Canonicalization never crashes and is idempotent; for http(s) it gives printable ASCII,
    /// and, when `withVariants`, equivalent spellings of its result (`CanonicalVariants`)
    /// canonicalize to it.
    public static func checkCanonical(_ url: String, withVariants: Bool = true) {
        guard let canonical = canonicalizer.canonicalize(url) else { return }
        let again = canonicalizer.canonicalize(canonical)
        FuzzFailure.require(
            sameBytes(again, canonical),
            "canonicalize not idempotent: \(url.debugDescription) -> \(canonical.debugDescription) -> "
                + "\(again?.debugDescription ?? "nil")")
        guard let variants = CanonicalVariants(of: canonical) else { return }
        FuzzFailure.require(
            canonical.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F },
            "canonical http(s) URL not printable ASCII: \(url.debugDescription) -> \(canonical.debugDescription)")
        for (name, variant) in variants.all where withVariants {
            let result = canonicalizer.canonicalize(variant)
            FuzzFailure.require(
                sameBytes(result, canonical),
                "\(name): \(variant.debugDescription) canonicalizes to \(result?.debugDescription ?? "nil"), "
                    + "not to \(canonical.debugDescription) (from \(url.debugDescription))")
        }
    }

    /// Resolution never crashes, is idempotent against the same base, and its result
    /// canonicalizes like any other URL.
    public static func checkResolution(_ reference: String, against base: String?) {
        let resolved = URLResolution.resolve(reference, against: base)
        let again = URLResolution.resolve(resolved, against: base)
        FuzzFailure.require(
            sameBytes(again, resolved),
            "resolve not idempotent: \(reference.debugDescription) against \(base?.debugDescription ?? "nil") -> "
                + "\(resolved.debugDescription) -> \(again.debugDescription)")
        checkCanonical(resolved)
    }

    /// Compared as UTF-8: `String ==` would let canonically equivalent spellings pass.
    private static func sameBytes(_ text: String?, _ expected: String) -> Bool {
        text.map { $0.utf8.elementsEqual(expected.utf8) } ?? false
    }
}

/// Resolution of relative references (RFC 3986 §5) as links in feeds need it.
public enum URLResolution {
    /// RFC 3986 §5 reference resolution of `reference` against `base`.
    ///
    /// Lenient with real-world feed links, in both `reference` and `base`: surrounding
    /// whitespace and control characters are trimmed; tabs inside, and line breaks with the
    /// spaces around them (a wrapped link's indentation), are removed;
    /// spaces, non-ASCII and other characters not allowed raw are percent-encoded (as UTF-8),
    /// as is a `%` that starts no escape; existing escapes are kept as written; backslashes
    /// are left as written; hosts are left as written, IDN included (canonicalization turns
    /// them into Punycode). "." and ".." segments are removed as the RFC specifies.
    ///
    /// - Parameters:
    ///   - reference: the link as the feed gives it, absolute or relative.
    ///   - base: the URL it is relative to (xml:base, the feed's URL), or nil.
    /// - Returns: the resolved URL. When `reference` is relative and there is nothing to resolve
    ///   it against (`base` nil or relative, or non-hierarchical like `mailto:`, `urn:`,
    ///   `tag:`), the cleaned `reference` itself. An absolute `reference` (the RFC's strict
    ///   reading: `http:g` is absolute) ignores `base`.
    public static func resolve(_ reference: String, against base: String?) -> String {
        let resolved = InputBytes.withTrimmedUTF8(reference) { referenceBytes in
            guard let base else { return resolve(referenceBytes, against: nil) }
            return InputBytes.withTrimmedUTF8(base) { resolve(referenceBytes, against: $0) }
        }
        return String(decoding: resolved, as: UTF8.self)
    }

    private static func resolve(_ reference: UnsafeBufferPointer<UInt8>, against base: UnsafeBufferPointer<UInt8>?) -> [UInt8] {
        let relative = URIParts(parsing: reference)
        var output = URIWriter(capacity: reference.count + (base?.count ?? 0))

        if relative.scheme != nil {
            output.write(relative, of: reference, removingDotSegments: true)
            return output.bytes
        }
        guard let base, case let baseParts = URIParts(parsing: base), baseParts.isHierarchical(in: base),
              let baseScheme = baseParts.scheme else {
            output.write(relative, of: reference, removingDotSegments: false)
            return output.bytes
        }

        // RFC 3986 §5.2.2, with the target's components written as they are chosen.
        output.appendScheme(base[baseScheme])
        if let authority = relative.authority {
            output.appendAuthority(reference[authority])
            output.appendPath(reference[relative.path], removingDotSegments: true)
            output.appendQuery(relative.query.map { reference[$0] })
        } else {
            if let authority = baseParts.authority { output.appendAuthority(base[authority]) }
            if relative.path.isEmpty {
                // The RFC copies the base path as is; removing its dot segments too keeps the
                // result the same when it is resolved again.
                output.appendPath(base[baseParts.path], removingDotSegments: true)
                output.appendQuery(relative.query.map { reference[$0] } ?? baseParts.query.map { base[$0] })
            } else {
                if reference[relative.path.lowerBound] == ByteClass.slash {
                    output.appendPath(reference[relative.path], removingDotSegments: true)
                } else {
                    output.appendMergedPath(base: base[baseParts.path], baseHasAuthority: baseParts.authority != nil,
                                            relative: reference[relative.path])
                }
                output.appendQuery(relative.query.map { reference[$0] })
            }
        }
        output.appendFragment(relative.fragment.map { reference[$0] })
        return output.bytes
    }
}

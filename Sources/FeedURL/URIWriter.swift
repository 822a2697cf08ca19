/// Writes a URI reference component by component (RFC 3986 §5.3), percent-encoding what a
/// component does not allow raw and keeping existing escapes as written.
struct URIWriter {
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    private(set) var bytes: [UInt8] = []
    private var hasAuthority = false

    init(capacity: Int) {
        bytes.reserveCapacity(capacity + 8)
    }

    /// Writes every component of `parts`, a reference parsed from `source`.
    mutating func write(_ parts: URIParts, of source: UnsafeBufferPointer<UInt8>, removingDotSegments: Bool) {
        if let scheme = parts.scheme { appendScheme(source[scheme]) }
        if let authority = parts.authority { appendAuthority(source[authority]) }
        appendPath(source[parts.path], removingDotSegments: removingDotSegments)
        appendQuery(parts.query.map { source[$0] })
        appendFragment(parts.fragment.map { source[$0] })
    }

    mutating func appendScheme(_ scheme: Bytes) {
        bytes.append(contentsOf: scheme)
        bytes.append(ByteClass.colon)
    }

    mutating func appendAuthority(_ authority: Bytes) {
        bytes.append(ByteClass.slash)
        bytes.append(ByteClass.slash)
        PercentEncoding.append(authority, as: .authority, mode: .escapeIllegal, to: &bytes)
        hasAuthority = true
    }

    mutating func appendPath(_ path: Bytes, removingDotSegments: Bool) {
        let start = bytes.count
        PercentEncoding.append(path, as: .path, mode: .escapeIllegal, to: &bytes)
        if removingDotSegments { DotSegments.remove(in: &bytes, from: start) }
        keepPathFromReadingAsAuthority(from: start)
    }

    /// Appends the merge of a relative path with its base's path (RFC 3986 §5.2.3), without
    /// dot segments.
    mutating func appendMergedPath(base: Bytes, baseHasAuthority: Bool, relative: Bytes) {
        let start = bytes.count
        if baseHasAuthority, base.isEmpty {
            bytes.append(ByteClass.slash)
        } else if let lastSlash = base.lastIndex(of: ByteClass.slash) {
            PercentEncoding.append(base[...lastSlash], as: .path, mode: .escapeIllegal, to: &bytes)
        }
        PercentEncoding.append(relative, as: .path, mode: .escapeIllegal, to: &bytes)
        DotSegments.remove(in: &bytes, from: start)
        keepPathFromReadingAsAuthority(from: start)
    }

    /// Removing dot segments can leave a path starting with "//" (`http:/.//a`), which would
    /// read back as an authority; like WHATWG URL, write "/." before such a path.
    private mutating func keepPathFromReadingAsAuthority(from start: Int) {
        guard !hasAuthority, bytes.count >= start + 2,
              bytes[start] == ByteClass.slash, bytes[start + 1] == ByteClass.slash else { return }
        bytes.insert(contentsOf: [ByteClass.slash, ByteClass.dot], at: start)
    }

    mutating func appendQuery(_ query: Bytes?) {
        guard let query else { return }
        bytes.append(ByteClass.question)
        PercentEncoding.append(query, as: .query, mode: .escapeIllegal, to: &bytes)
    }

    mutating func appendFragment(_ fragment: Bytes?) {
        guard let fragment else { return }
        bytes.append(ByteClass.hash)
        PercentEncoding.append(fragment, as: .fragment, mode: .escapeIllegal, to: &bytes)
    }
}

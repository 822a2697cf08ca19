/// The five components of a URI reference (RFC 3986 §3 and Appendix B) as byte ranges.
///
/// Delimiters only: nothing is validated or decoded, so any byte string splits, and each
/// component can then be encoded or normalized by the rules of its own kind.
struct URIParts {
    /// The scheme, without its ":"; nil for a relative reference.
    var scheme: Range<Int>?
    /// The authority, without the leading "//"; nil when there is no "//".
    var authority: Range<Int>?
    var path: Range<Int>
    /// The query, without its "?"; nil when there is no "?".
    var query: Range<Int>?
    /// The fragment, without its "#"; nil when there is no "#".
    var fragment: Range<Int>?

    init(parsing bytes: UnsafeBufferPointer<UInt8>) {
        let end = bytes.count
        var index = 0
        scheme = nil
        authority = nil
        query = nil
        fragment = nil

        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
        if end > 0, ByteClass.isAlpha(bytes[0]) {
            var cursor = 1
            while cursor < end, ByteClass.isSchemeCharacter(bytes[cursor]) { cursor += 1 }
            if cursor < end, bytes[cursor] == ByteClass.colon {
                scheme = 0..<cursor
                index = cursor + 1
            }
        }

        if index + 1 < end, bytes[index] == ByteClass.slash, bytes[index + 1] == ByteClass.slash {
            let start = index + 2
            index = start
            while index < end {
                let byte = bytes[index]
                if byte == ByteClass.slash || byte == ByteClass.question || byte == ByteClass.hash { break }
                index += 1
            }
            authority = start..<index
        }

        let pathStart = index
        while index < end, bytes[index] != ByteClass.question, bytes[index] != ByteClass.hash { index += 1 }
        path = pathStart..<index

        if index < end, bytes[index] == ByteClass.question {
            let start = index + 1
            index = start
            while index < end, bytes[index] != ByteClass.hash { index += 1 }
            query = start..<index
        }

        if index < end {
            fragment = (index + 1)..<end
        }
    }

    /// Whether relative references can be resolved against this URI: it has a scheme and either
    /// an authority or an absolute path (so not `mailto:`, `urn:`, `tag:` and the like).
    func isHierarchical(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard scheme != nil else { return false }
        return authority != nil || (!path.isEmpty && bytes[path.lowerBound] == ByteClass.slash)
    }
}

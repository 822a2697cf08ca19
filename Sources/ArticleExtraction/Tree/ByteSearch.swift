/// Substring search over attribute bytes (values are short: a plain loop beats setting up a
/// general search).
enum ByteSearch {
    /// Whether `haystack` contains the ASCII `needle`; with `caseInsensitive`, `needle` must be
    /// lower-case.
    static func contains<Bytes: Collection<UInt8>>(
        _ haystack: Bytes, _ needle: StaticString, caseInsensitive: Bool = false
    ) -> Bool where Bytes.Index == Int {
        needle.withUTF8Buffer { pattern in
            guard let first = pattern.first, pattern.count <= haystack.count else { return pattern.isEmpty }
            let fold: UInt8 = caseInsensitive ? 0x20 : 0
            var start = haystack.startIndex
            let last = haystack.endIndex - pattern.count
            while start <= last {
                if haystack[start] | fold == first {
                    var offset = 1
                    while offset < pattern.count, haystack[start + offset] | fold == pattern[offset] { offset += 1 }
                    if offset == pattern.count { return true }
                }
                start += 1
            }
            return false
        }
    }
}

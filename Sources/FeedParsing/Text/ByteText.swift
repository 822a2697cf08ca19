/// Small byte-level string operations for the hot path, where `String` methods (and
/// Foundation's) cost more than the work they do.
enum ByteText {
    /// `text` with ASCII letters lowercased (other characters unchanged).
    static func asciiLowercased(_ text: String) -> String {
        var hasUpper = false
        for byte in text.utf8 where byte >= 0x41 && byte <= 0x5A {
            hasUpper = true
            break
        }
        guard hasUpper else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// `text` with every occurrence of `target` replaced by `replacement`.
    static func replacing(_ target: String, with replacement: String, in text: String) -> String {
        let haystack = Array(text.utf8)
        let needle = Array(target.utf8)
        guard let first = needle.first, haystack.count >= needle.count else { return text }
        var output: [UInt8] = []
        var index = 0
        var changed = false
        while index < haystack.count {
            if haystack[index] == first, index + needle.count <= haystack.count,
               haystack[index..<(index + needle.count)].elementsEqual(needle) {
                output.append(contentsOf: replacement.utf8)
                index += needle.count
                changed = true
            } else {
                output.append(haystack[index])
                index += 1
            }
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }
}

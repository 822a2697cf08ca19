/// Access to a string's UTF-8 in the lenient form both resolution and canonicalization start from.
enum InputBytes {
    /// Calls `body` with `string`'s UTF-8 without surrounding spaces and C0 control characters,
    /// without tabs inside, and without line breaks inside together with the spaces around
    /// them (the indentation of a link that a feed wrapped; WHATWG URL parsing drops tabs and
    /// line breaks too). Copies only when there is something to remove inside.
    static func withTrimmedUTF8<Result>(
        _ string: String,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        var string = string
        return string.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] <= 0x20 { start += 1 }
            while end > start, bytes[end - 1] <= 0x20 { end -= 1 }
            let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard trimmed.contains(where: isTabOrLineBreak) else { return body(trimmed) }
            return withoutWrapping(trimmed).withUnsafeBufferPointer(body)
        }
    }

    private static func withoutWrapping(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var joined: [UInt8] = []
        joined.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x20 || isTabOrLineBreak(bytes[index]) else {
                joined.append(bytes[index])
                index += 1
                continue
            }
            // A run of blanks: dropped whole if it holds a line break, else only its tabs.
            let runStart = index
            var hasLineBreak = false
            while index < bytes.count, bytes[index] == 0x20 || isTabOrLineBreak(bytes[index]) {
                hasLineBreak = hasLineBreak || bytes[index] == 0x0A || bytes[index] == 0x0D
                index += 1
            }
            if !hasLineBreak {
                joined.append(contentsOf: bytes[runStart..<index].lazy.filter { $0 == 0x20 })
            }
        }
        return joined
    }

    @inline(__always)
    private static func isTabOrLineBreak(_ byte: UInt8) -> Bool {
        byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

import Glibc

/// Removes `script`, `style` and `applet` elements with their content from HTML, as
/// feedparser's sanitizer does: their text is code, not something a reader sees.
enum HTMLScriptRemoval {
    /// True when `html` has a `<script`, `<style` or `<applet` start tag (any case).
    static func mayContainScripts(_ html: UnsafeBufferPointer<UInt8>) -> Bool {
        guard html.count > 6, let base = html.baseAddress else { return false }
        var cursor = base
        let end = base + html.count
        while cursor < end - 6 {
            guard let found = memchr(cursor, Int32(UInt8(ascii: "<")), end - cursor) else { return false }
            let open = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
            // memchr looked all the way to the end: a "<" this close to it starts no tag we
            // look for, and its next byte may lie past the buffer.
            guard open + 7 <= end else { return false }
            let first = open[1] | 0x20
            if first == UInt8(ascii: "s") || first == UInt8(ascii: "a") {
                let start = open - base + 1
                for name in names where matches(html, at: start, name) { return true }
            }
            cursor = open + 1
        }
        return false
    }

    /// `html` without those elements; nil when it has none.
    static func removingScripts(_ html: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var copiedUpTo = 0
        var index = 0
        while let open = html[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard let name = hiddenElement(html, at: open + 1) else {
                index = open + 1
                continue
            }
            output.append(contentsOf: html[copiedUpTo..<open])
            let end = closingTagEnd(html, name: name, from: open + 1 + name.count) ?? html.count
            copiedUpTo = end
            index = end
            if index >= html.count { break }
        }
        guard copiedUpTo > 0 else { return nil }
        output.append(contentsOf: html[copiedUpTo...])
        return output
    }

    private static let names: [[UInt8]] = [Array("script".utf8), Array("style".utf8), Array("applet".utf8)]

    /// The hidden element name starting at `start` (followed by a non-name character).
    private static func hiddenElement(_ html: [UInt8], at start: Int) -> [UInt8]? {
        for name in names where matches(html, at: start, name) {
            let after = start + name.count
            if after >= html.count { return name }
            let next = html[after]
            if !(DateText.isLetter(next) || DateText.isDigit(next) || next == UInt8(ascii: "-")) { return name }
        }
        return nil
    }

    /// The index just past `</name ...>` at or after `from`.
    private static func closingTagEnd(_ html: [UInt8], name: [UInt8], from: Int) -> Int? {
        var index = from
        while let open = html[index...].firstIndex(of: UInt8(ascii: "<")) {
            if open + 1 < html.count, html[open + 1] == UInt8(ascii: "/"), matches(html, at: open + 2, name) {
                guard let close = html[(open + 2)...].firstIndex(of: UInt8(ascii: ">")) else { return html.count }
                return close + 1
            }
            index = open + 1
        }
        return nil
    }

    private static func matches<Bytes: RandomAccessCollection>(_ html: Bytes, at start: Int, _ name: [UInt8]) -> Bool
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard start + name.count <= html.count else { return false }
        for offset in 0..<name.count where html[start + offset] | 0x20 != name[offset] { return false }
        return true
    }
}

/// Finds the charset a page declares in its markup: `<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`, in the first bytes (as browsers
/// do, though further than HTML's 1024: real pages put long scripts before it).
enum MetaCharsetScan {
    static let window = 16 * 1024

    static func declared(in page: UnsafeBufferPointer<UInt8>) -> CharsetLabel? {
        let head = UnsafeBufferPointer(rebasing: page.prefix(window))
        var index = 0
        while let tag = nextMetaTag(in: head, from: index) {
            if let label = charset(in: head, tag: tag) { return label }
            index = tag.upperBound
        }
        return nil
    }

    /// The bytes of the next `<meta …>` tag at or after `start`.
    private static func nextMetaTag(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        var index = start
        while index + 5 < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), lower(bytes[index + 1]) == UInt8(ascii: "m"),
               lower(bytes[index + 2]) == UInt8(ascii: "e"), lower(bytes[index + 3]) == UInt8(ascii: "t"),
               lower(bytes[index + 4]) == UInt8(ascii: "a") {
                let end = bytes[(index + 5)...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count
                return index ..< end
            }
            index += 1
        }
        return nil
    }

    /// The value after `charset` (then `=`, optional quotes) inside the tag.
    private static func charset(in bytes: UnsafeBufferPointer<UInt8>, tag: Range<Int>) -> CharsetLabel? {
        let key = Array("charset".utf8)
        var index = tag.lowerBound
        while index + key.count < tag.upperBound {
            if (0 ..< key.count).allSatisfy({ lower(bytes[index + $0]) == key[$0] }) {
                var cursor = index + key.count
                while cursor < tag.upperBound, PageSniffer.isSpace(bytes[cursor]) { cursor += 1 }
                if cursor < tag.upperBound, bytes[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                    while cursor < tag.upperBound, PageSniffer.isSpace(bytes[cursor]) || bytes[cursor] == 0x22
                        || bytes[cursor] == 0x27 { cursor += 1 }
                    let valueStart = cursor
                    while cursor < tag.upperBound, isLabelByte(bytes[cursor]) { cursor += 1 }
                    if cursor > valueStart {
                        return CharsetLabel(String(decoding: bytes[valueStart ..< cursor], as: UTF8.self))
                    }
                }
            }
            index += 1
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

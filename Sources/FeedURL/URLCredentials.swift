#if canImport(Glibc)
import Glibc
#endif

/// Passwords in URLs (`https://user:password@host/`), kept out of everything feedd writes for
/// people or keeps: the ingest log, the archive, command output. libcurl still gets the URL as
/// configured, so a feed behind HTTP authentication keeps working.
public enum URLCredentials {
    /// `text` with the password of every URL in it replaced by `***` (`https://user:***@host/`).
    /// Works on a bare URL and on prose that quotes URLs (an error message). A user name without
    /// a password is left as it is.
    public static func masked(_ text: String) -> String {
        // Nearly every string has no "@" at all: nothing to do.
        guard containsAt(text) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var copied = 0
        var index = 0
        while let authority = nextAuthority(in: bytes, from: index) {
            if let password = password(in: bytes, authority: authority),
               !bytes[password].elementsEqual("***".utf8) {
                out.append(contentsOf: bytes[copied..<password.lowerBound])
                out.append(contentsOf: "***".utf8)
                copied = password.upperBound
            }
            index = authority.upperBound
        }
        guard copied > 0 else { return text }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// `url` without its userinfo (`https://host/`): the base a document's relative links are
    /// resolved against, so that no link made from it carries the feed's credentials.
    public static func removed(from url: String) -> String {
        guard containsAt(url) else { return url }
        let bytes = Array(url.utf8)
        guard let authority = nextAuthority(in: bytes, from: 0),
              let at = bytes[authority].lastIndex(of: UInt8(ascii: "@")) else { return url }
        return String(decoding: bytes[..<authority.lowerBound] + bytes[(at + 1)...], as: UTF8.self)
    }

    /// Whether `text` has an "@": memchr, since this runs for every URL and log value feedd writes.
    private static func containsAt(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return false }
            return memchr(base, Int32(UInt8(ascii: "@")), utf8.count) != nil
        }
    }

    /// The authority (between `://` and the next `/`, `?`, `#` or character that ends a URL in
    /// text) of the first URL at or after `start`.
    private static func nextAuthority(in bytes: [UInt8], from start: Int) -> Range<Int>? {
        var index = start
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/") {
                let begin = index + 3
                var end = begin
                while end < bytes.count, !endsAuthority(bytes[end]) { end += 1 }
                return begin..<end
            }
            index += 1
        }
        return nil
    }

    private static func endsAuthority(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "\""), UInt8(ascii: "'"),
             UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "`"): true
        default: byte <= 0x20 || byte == 0x7F
        }
    }

    /// The password's bytes in `authority` (after the userinfo's first `:`, before its last `@`).
    private static func password(in bytes: [UInt8], authority: Range<Int>) -> Range<Int>? {
        guard let at = bytes[authority].lastIndex(of: UInt8(ascii: "@")),
              let colon = bytes[authority.lowerBound..<at].firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return (colon + 1)..<at
    }
}

import FeedURL
import Foundation
import SafeText

/// One line of the ingest log: what happened to a feed or an item.
///
/// Lines are `<UTC time> <event> key=value ...`, values quoted when they hold spaces,
/// so `tail -f`, grep and awk all work on them. Every value, and the free text of `config` and
/// `daemon` lines, has its control, separator and bidi characters escaped (`UnsafeCharacters`)
/// and URL passwords masked: this is the one place a log line is made.
public enum IngestEvent: Sendable, Equatable {
    case polled(feed: String, url: String, status: Int, items: Int, new: Int, bytes: Int, milliseconds: Int)
    /// `article` is the page capture's status when a page was fetched (`ok` or the cause).
    case ingested(feed: String, canonicalURL: String, title: String?, article: String? = nil)
    case failed(feed: String, url: String, cause: String, retryIn: Int?)
    case gone(feed: String, url: String)
    case moved(feed: String, from: String, to: String)
    case recovered(feed: String, url: String, problem: String)
    case config(message: String)
    case daemon(message: String)

    /// The line without its timestamp and newline.
    public var text: String {
        switch self {
        case let .polled(feed, url, status, items, new, bytes, milliseconds):
            return "polled feed=\(Self.quoted(feed)) url=\(Self.quoted(url)) status=\(status) items=\(items) new=\(new) bytes=\(bytes) ms=\(milliseconds)"
        case let .ingested(feed, canonicalURL, title, article):
            let capture = article.map { " article=\(Self.quoted(Self.shortened($0)))" } ?? ""
            return "ingested feed=\(Self.quoted(feed)) url=\(Self.quoted(canonicalURL)) title=\(Self.quoted(Self.shortened(title ?? "")))"
                + capture
        case let .failed(feed, url, cause, retryIn):
            let retry = retryIn.map { " retry_in=\($0)s" } ?? ""
            return "failed feed=\(Self.quoted(feed)) url=\(Self.quoted(url)) cause=\(Self.quoted(cause))\(retry)"
        case let .gone(feed, url):
            return "gone feed=\(Self.quoted(feed)) url=\(Self.quoted(url)) cause=\"410 Gone: no longer polled\""
        case let .moved(feed, from, to):
            return "moved feed=\(Self.quoted(feed)) from=\(Self.quoted(from)) to=\(Self.quoted(to))"
        case let .recovered(feed, url, problem):
            return "recovered feed=\(Self.quoted(feed)) url=\(Self.quoted(url)) problem=\(Self.quoted(Self.shortened(problem)))"
        case let .config(message):
            return "config \(Self.prose(message))"
        case let .daemon(message):
            return "daemon \(Self.prose(message))"
        }
    }

    /// A value as-is when it is one plain token, else in double quotes with `"`, `\` and unsafe
    /// characters escaped; URL passwords masked either way.
    static func quoted(_ value: String) -> String {
        let value = URLCredentials.masked(value)
        if isPlainToken(value) { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if UnsafeCharacters.isUnsafe(scalar) {
                    UnsafeCharacters.appendEscape(of: scalar, to: &out)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Free text (a `config` or `daemon` message): unsafe characters escaped, passwords masked.
    static func prose(_ text: String) -> String {
        UnsafeCharacters.escaped(URLCredentials.masked(text))
    }

    /// Non-empty, no space, quote, backslash or unsafe character: one pass over the bytes, since
    /// this runs for every value of every line.
    private static func isPlainToken(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { utf8 in
            guard !utf8.isEmpty else { return false }
            let bytes = UnsafeRawBufferPointer(utf8)
            for index in bytes.indices {
                let byte = bytes[index]
                if byte <= 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
                if byte >= 0x7F, UnsafeCharacters.unsafeLength(at: index, in: bytes) > 0 { return false }
            }
            return true
        }
    }

    /// Titles and problems are cut at about 200 bytes (at a character boundary) with runs of
    /// white space folded: the log is for scanning, the archive has it all. Byte-wise, because
    /// this runs for every ingested item and Character-wise work showed in profiles.
    static func shortened(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(text.utf8.count, 204))
        var pendingSpace = false
        var cut = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                pendingSpace = !out.isEmpty
                continue
            }
            if out.count >= 200 && byte & 0xC0 != 0x80 {
                cut = true
                break
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self) + (cut ? "…" : "")
    }
}

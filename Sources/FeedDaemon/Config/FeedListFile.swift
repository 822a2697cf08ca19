import Foundation

/// A plain feed list (`feeds_file`), the format sfeed and newsboat users keep their lists in:
/// one feed URL a line, optionally followed by whitespace and a name for logs; blank lines and
/// lines whose first non-blank character is `#` are skipped. Relative URLs resolve against the
/// list's directory.
///
/// Read a line at a time from the bytes, with no TOML document in between: a hundred thousand
/// feeds load in a fraction of a second and cost little more than their URLs.
enum FeedListFile {
    /// Appends the list's feeds to `feeds`, skipping (and reporting) those already listed.
    /// `proposed` is text read instead of the file (an edit checked before it is written).
    static func read(_ path: String, proposed: String? = nil, into feeds: inout [FeedConfig],
                     duplicates: inout DuplicateFeedFinder, problems: inout [ConfigProblem]) {
        let data: Data
        if let proposed {
            data = Data(proposed.utf8)
        } else {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                problems.append(ConfigProblem(SourceLocation(file: path, line: nil), "cannot read: \(ConfigLoader.reason(error))"))
                return
            }
        }
        let base = "file://" + path
        var lineNumber = 0
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            // Room for a feed a line at once: growing by doubling would hold half as much again.
            feeds.reserveCapacity(feeds.count + bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) })
            var start = 0
            while start < bytes.count {
                lineNumber += 1
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                defer { start = end + 1 }
                guard let (urlBytes, nameBytes) = entry(in: UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else { continue }
                let location = SourceLocation(file: path, line: lineNumber)
                let name = nameBytes.flatMap { String(validating: $0, as: UTF8.self) }
                guard let written = String(validating: urlBytes, as: UTF8.self), nameBytes == nil || name != nil else {
                    problems.append(ConfigProblem(location, "not valid UTF-8 text"))
                    continue
                }
                guard let url = ConfigLoader.feedURL(written, base: base) else {
                    problems.append(ConfigProblem(location, "\"\(written)\" is not a usable feed URL (an absolute http, https or file URL, or a path relative to this file)"))
                    continue
                }
                if let first = duplicates.earlierListing(of: url, at: feeds.count, in: feeds) {
                    problems.append(ConfigProblem(location, "feed \(url) is already listed at \(feeds[first].source)"))
                    continue
                }
                feeds.append(FeedConfig(url: url, name: name, source: location))
            }
        }
    }

    /// The URL and the name (nil when none) of a line; nil for a blank line or a comment.
    /// Byte-wise: going through Characters cost a third of loading a long list.
    static func entry(in line: UnsafeRawBufferPointer) -> (url: UnsafeRawBufferPointer.SubSequence, name: UnsafeRawBufferPointer.SubSequence?)? {
        guard let first = line.firstIndex(where: { !isBlank($0) }), line[first] != UInt8(ascii: "#") else { return nil }
        let urlEnd = line[first...].firstIndex(where: isBlank) ?? line.endIndex
        let rest = line[urlEnd...]
        guard let nameStart = rest.firstIndex(where: { !isBlank($0) }),
              let nameLast = rest.lastIndex(where: { !isBlank($0) }) else { return (line[first..<urlEnd], nil) }
        return (line[first..<urlEnd], line[nameStart...nameLast])
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }
}

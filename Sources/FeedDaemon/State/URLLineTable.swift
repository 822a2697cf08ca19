import Glibc

/// The last line number recorded for each URL, keyed by the URL's UTF-8 bytes: what a merge of
/// the feed-state journal keeps for every feed in it.
///
/// The URLs live end to end in one byte buffer, found through an open-addressing table of
/// entry numbers. A `[String: Int32]` of a hundred thousand URLs made a string object per
/// journal line and chased a pointer into the heap at every lookup; here a lookup touches one
/// bucket, one entry and the URL's bytes, and nothing is allocated per URL.
struct URLLineTable {
    /// Entry `i`'s URL is `urlBytes[urlStarts[i]..<urlStarts[i + 1]]` (the last ends at the buffer's end).
    private var urlBytes: [UInt8] = []
    private var urlStarts: [Int] = []
    private var hashes: [Int] = []
    private var lines: [Int32] = []
    /// Entry number + 1 per bucket, 0 for an empty bucket; a power of two long, at most half full.
    private var buckets = [Int32](repeating: 0, count: 16)

    /// URLs recorded.
    var count: Int { lines.count }

    /// Records `line` as the last line of `url`.
    mutating func set(_ url: UnsafeRawBufferPointer, line: Int32) {
        let hash = Self.hash(url)
        var bucket = hash & (buckets.count - 1)
        while buckets[bucket] != 0 {
            let entry = Int(buckets[bucket]) - 1
            if hashes[entry] == hash && matches(entry, url) {
                lines[entry] = line
                return
            }
            bucket = (bucket + 1) & (buckets.count - 1)
        }
        buckets[bucket] = Int32(lines.count + 1)
        urlStarts.append(urlBytes.count)
        urlBytes.append(contentsOf: url)
        hashes.append(hash)
        lines.append(line)
        if lines.count * 2 > buckets.count { grow() }
    }

    /// The last line recorded for `url`, nil when none was.
    func line(of url: UnsafeRawBufferPointer) -> Int32? {
        let hash = Self.hash(url)
        var bucket = hash & (buckets.count - 1)
        while buckets[bucket] != 0 {
            let entry = Int(buckets[bucket]) - 1
            if hashes[entry] == hash && matches(entry, url) { return lines[entry] }
            bucket = (bucket + 1) & (buckets.count - 1)
        }
        return nil
    }

    private func matches(_ entry: Int, _ url: UnsafeRawBufferPointer) -> Bool {
        let start = urlStarts[entry]
        let end = entry + 1 < urlStarts.count ? urlStarts[entry + 1] : urlBytes.count
        guard end - start == url.count else { return false }
        return urlBytes.withUnsafeBytes { stored in
            guard let base = stored.baseAddress, let other = url.baseAddress else { return url.isEmpty }
            return memcmp(base + start, other, url.count) == 0
        }
    }

    private mutating func grow() {
        var larger = [Int32](repeating: 0, count: buckets.count * 2)
        for entry in hashes.indices {
            var bucket = hashes[entry] & (larger.count - 1)
            while larger[bucket] != 0 { bucket = (bucket + 1) & (larger.count - 1) }
            larger[bucket] = Int32(entry + 1)
        }
        buckets = larger
    }

    private static func hash(_ url: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: url)
        return hasher.finalize()
    }
}

/// Finds a feed listed twice, by canonical URL (`ConfigLoader.identity`), across every file of a
/// configuration.
///
/// Holds a 64-bit hash of each canonical URL and the feed's index, not the canonical URL itself:
/// at a hundred thousand feeds that is 3 MB instead of 30. Two different URLs with one hash
/// (one chance in about 10^9 at that size) are told apart by canonicalizing the first again.
struct DuplicateFeedFinder {
    private var firstByHash: [Int: Int32] = [:]
    /// Feeds whose hash another canonical URL already took, by canonical URL.
    private var collided: [String: Int32] = [:]

    init(expectedFeeds: Int = 0) {
        firstByHash.reserveCapacity(expectedFeeds)
    }

    /// The index in `feeds` of an earlier listing of `url`; nil, and `index` remembered, when
    /// this is the first.
    mutating func earlierListing(of url: String, at index: Int, in feeds: [FeedConfig]) -> Int? {
        let identity = ConfigLoader.identity(of: url)
        let hash = identity.hashValue
        guard let first = firstByHash[hash] else {
            firstByHash[hash] = Int32(index)
            return nil
        }
        let firstURL = feeds[Int(first)].url
        if ConfigLoader.identity(of: firstURL) == identity { return Int(first) }
        if let other = collided[identity] { return Int(other) }
        collided[identity] = Int32(index)
        return nil
    }
}

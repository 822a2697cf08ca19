/// Offsets of the time zone names that appear in feed dates.
enum TimeZoneNames {
    /// Offset east of UTC in seconds of a lowercase zone name, nil when unknown (callers
    /// then assume UTC, as feedparser does).
    static func offsetSeconds(_ name: DateText.Bytes) -> Int? {
        guard !name.isEmpty, name.count <= 5 else { return nil }
        var key: UInt64 = 0
        for byte in name { key = key << 8 | UInt64(byte) }
        return table[key].map { $0 * 60 }
    }

    private static let table: [UInt64: Int] = {
        // Minutes east of UTC. North American names as RFC 822 and feedparser give them,
        // RFC 822 military letters (J is not used), and common European/Pacific names.
        let named: [(String, Int)] = [
            ("ut", 0), ("utc", 0), ("gmt", 0), ("z", 0), ("wet", 0),
            ("adt", -180), ("ast", -240), ("at", -240),
            ("edt", -240), ("est", -300), ("et", -300),
            ("cdt", -300), ("cst", -360), ("ct", -360),
            ("mdt", -360), ("mst", -420), ("mt", -420),
            ("pdt", -420), ("pst", -480), ("pt", -480),
            ("akst", -540), ("akdt", -480), ("hst", -600),
            ("met", 60), ("mest", 120), ("cet", 60), ("cest", 120), ("west", 60),
            ("bst", 60), ("eet", 120), ("eest", 180), ("msk", 180),
            ("jst", 540), ("kst", 540), ("aest", 600), ("aedt", 660), ("nzst", 720), ("nzdt", 780),
        ]
        var table: [UInt64: Int] = [:]
        for (name, minutes) in named {
            var key: UInt64 = 0
            for byte in name.utf8 { key = key << 8 | UInt64(byte) }
            table[key] = minutes
        }
        // Military single letters: A-I and K-M are -1...-12 hours, N-Y +1...+12.
        let west = Array("abcdefghiklm".utf8)
        for (index, letter) in west.enumerated() { table[UInt64(letter)] = -(index + 1) * 60 }
        for (index, letter) in "nopqrstuvwxy".utf8.enumerated() { table[UInt64(letter)] = (index + 1) * 60 }
        return table
    }()
}

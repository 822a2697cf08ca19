/// Feed-level values being read.
struct FeedDraft {
    var title: String?
    var link: String?
    var pollingHints = PollingHints()
    var updatePeriodSeconds: Int?
    var updateFrequency: Int?

    /// `sy:updatePeriod` divided by `sy:updateFrequency` (default 1), in seconds.
    mutating func finishPollingHints() {
        guard let period = updatePeriodSeconds else { return }
        let frequency = max(updateFrequency ?? 1, 1)
        pollingHints.syndicationInterval = max(period / frequency, 1)
    }

    static func periodSeconds(_ name: String) -> Int? {
        switch name.lowercased() {
        case "hourly": return 3600
        case "daily": return 86_400
        case "weekly": return 604_800
        case "monthly": return 2_592_000
        case "yearly": return 31_536_000
        default: return nil
        }
    }

    /// 1 = Sunday ... 7 = Saturday.
    static func dayNumber(_ name: String) -> Int? {
        let days = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        let lower = name.lowercased()
        guard lower.count >= 3, let index = days.firstIndex(where: { $0.hasPrefix(lower) }) else { return nil }
        return index + 1
    }
}

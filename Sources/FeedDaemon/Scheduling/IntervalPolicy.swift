import FeedParsing

/// Decides how long to wait before polling a feed again. Pure, so a virtual clock can test it.
public struct IntervalPolicy: Sendable {
    public var policy: PollPolicy

    public init(policy: PollPolicy) {
        self.policy = policy
    }

    /// The interval (before jitter) after a successful poll.
    ///
    /// A configured interval wins over adaptation; the feed's own estimate comes from how often it
    /// publishes (half the mean gap between its entries, stretched when it has gone quiet); without
    /// dates, polls that find nothing new stretch the interval and polls that do shrink it. What the
    /// server or feed asks (Cache-Control, ttl, sy:updatePeriod) is a floor. All within min...max.
    public func interval(configured: Int?, previous: Int?, newestEntry: Double?, meanEntryGap: Double?,
                         newItems: Int, hints: PollingHints?, serverFreshness: Int?, now: Double) -> Int {
        var base: Double
        if let configured {
            base = Double(configured)
        } else if !policy.adaptive {
            base = Double(policy.defaultInterval)
        } else if let newestEntry {
            let quiet = max(0, now - newestEntry)
            let gap = max(meanEntryGap ?? quiet, quiet)
            base = gap > 0 ? gap / 2 : Double(previous ?? policy.defaultInterval)
        } else {
            let last = Double(previous ?? policy.defaultInterval)
            base = newItems > 0 ? last * 0.75 : last * 1.25
        }
        var floor: Double = 0
        if let ttl = hints?.ttlMinutes { floor = max(floor, Double(ttl) * 60) }
        if let period = hints?.syndicationInterval { floor = max(floor, Double(period)) }
        if let freshness = serverFreshness { floor = max(floor, Double(freshness)) }
        let bounded = min(max(base, floor, Double(policy.minInterval)), Double(policy.maxInterval))
        return Int(bounded.rounded())
    }

    /// Seconds before retrying a feed that failed `failures` times in a row: exponential with a cap,
    /// never sooner than the server's Retry-After (itself capped so a hostile value cannot park a feed).
    public func retryDelay(failures: Int, retryAfter: Int?) -> Int {
        let exponent = min(max(failures - 1, 0), 30)
        let backoff = min(Double(policy.retryDelay) * Double(1 << exponent), Double(policy.maxRetryDelay))
        let asked = retryAfter.map { Double(honoured(retryAfter: $0)) } ?? 0
        return Int(max(backoff, asked).rounded())
    }

    /// A server's Retry-After, within reason: no longer than the longest wait the policy allows.
    public func honoured(retryAfter seconds: Int) -> Int {
        min(seconds, max(policy.maxRetryDelay, policy.maxInterval))
    }

    /// `seconds` stretched or shrunk by up to the configured jitter fraction.
    public func jittered(_ seconds: Int, using random: inout some RandomNumberGenerator) -> Double {
        guard policy.jitter > 0 else { return Double(seconds) }
        return Double(seconds) * (1 + Double.random(in: -policy.jitter...policy.jitter, using: &random))
    }

    /// The first moment at or after `time` outside the feed's skipHours/skipDays (UTC).
    public func skipping(_ time: Double, hints: PollingHints?) -> Double {
        guard let hints, !hints.skipHours.isEmpty || !hints.skipDays.isEmpty else { return time }
        var candidate = time
        for _ in 0..<(24 * 7) {
            let hour = Int((candidate / 3600).rounded(.down))
            let hourOfDay = ((hour % 24) + 24) % 24
            let day = Int((candidate / 86_400).rounded(.down))
            let weekday = ((day + 4) % 7 + 7) % 7 + 1  // 1970-01-01 was a Thursday; 1 = Sunday
            if !hints.skipHours.contains(hourOfDay) && !hints.skipDays.contains(weekday) { return candidate }
            candidate = Double(hour + 1) * 3600
        }
        return time  // every hour of the week skipped: the hint is nonsense, ignore it
    }
}

extension Schedule {
    /// A feed a single pass leaves alone, and why.
    public struct SetAside: Sendable {
        public var feed: FeedConfig
        /// The end of the feed's Retry-After window (epoch seconds); nil for a feed a 410 stopped.
        public var retryAfterUntil: Double?
    }

    /// The feeds a single pass (`poll-once` without `--force`) does not poll, in config order:
    /// those a 410 stopped (which `apply` never queues) and those whose server's Retry-After has
    /// not passed at `now`, taken off the queue here. Call it after `apply`, before any is taken.
    public mutating func setAsideForSinglePass(now: Double) -> [SetAside] {
        var setAside: [SetAside] = []
        for slot in slots.indices where slots[slot].listed && !slots[slot].inFlight {
            let state = states[slot]
            if state.gone {
                setAside.append(SetAside(feed: feeds[slot], retryAfterUntil: nil))
            } else if let until = state.retryAfterUntil, until > now {
                stopPolling(slot)
                setAside.append(SetAside(feed: feeds[slot], retryAfterUntil: until))
            }
        }
        return setAside
    }
}

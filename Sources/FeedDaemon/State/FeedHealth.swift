import FeedMetrics

/// What a feed's saved state says about it, in one word: how `feedd status` and
/// `feedd_feeds{state}` sort feeds.
public enum FeedHealth: String, Sendable, CaseIterable, Codable {
    /// Polled, and the last poll succeeded.
    case ok
    /// The last poll failed; `FeedState.lastError` says why.
    case failing
    /// 410 Gone: not polled until its config entry changes.
    case gone
    /// A 301/308 made another URL the one polled; the config still names the old one.
    case moved
    /// Not polled yet.
    case pending

    /// The health of a feed whose saved state is `state` (nil: never polled). Gone outranks
    /// failing, which outranks moved: each asks more of the operator than the next.
    public init(_ state: FeedState?) {
        guard let state else {
            self = .pending
            return
        }
        if state.gone {
            self = .gone
        } else if state.consecutiveFailures > 0 {
            self = .failing
        } else if state.movedTo != nil {
            self = .moved
        } else if state.lastPolled == nil {
            self = .pending
        } else {
            self = .ok
        }
    }

    /// Whether the operator has something to mend: failing or gone.
    public var isBroken: Bool { self == .failing || self == .gone }
}

extension FeedCounts {
    /// Adds one feed of `health`.
    public mutating func add(_ health: FeedHealth) {
        switch health {
        case .ok: ok += 1
        case .failing: failing += 1
        case .gone: gone += 1
        case .moved: moved += 1
        case .pending: pending += 1
        }
    }

    /// The counts of the configured `feeds`, by their saved `states`.
    public init(feeds: some Sequence<String>, states: [String: FeedState]) {
        self.init()
        for url in feeds { add(FeedHealth(states[url])) }
    }
}

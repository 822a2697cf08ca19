import DequeModule
import HeapModule

/// Decides which waiting transfers may start: at most `maxRunning` at once, at most `maxPerHost` to
/// one host, and otherwise first come, first served.
///
/// Each host keeps its own line; a heap holds the hosts whose first waiting item could start now,
/// ordered by arrival, so picking the next transfer costs O(log hosts) however long the lines are.
/// The HTTP client admits transfers with it (hosts named by string), and the daemon's schedule
/// admits due feeds (hosts numbered). Inlinable, so that each user gets a copy specialized to its
/// types rather than the generic one, which looks up type metadata on every call.
public struct AdmissionQueue<Item, Host: Hashable> {
    /// Items running at once, over all hosts.
    public let maxRunning: Int
    /// Items running at once to one host.
    public let maxPerHost: Int
    /// Items `next()` returned and `finished` has not freed yet.
    @inlinable public var runningCount: Int { running }
    /// Items enqueued and not yet started.
    @inlinable public var waitingCount: Int { waiting }
    @usableFromInline var running = 0
    @usableFromInline var waiting = 0
    @usableFromInline var lines: [Host: HostLine] = [:]
    @usableFromInline var startable = Heap<StartableHost>()
    @usableFromInline var nextArrival: UInt64 = 0

    @usableFromInline struct HostLine {
        @usableFromInline var waiting = Deque<Waiting>()
        @usableFromInline var running = 0

        @inlinable init() {}
    }

    @usableFromInline struct Waiting {
        @usableFromInline var arrival: UInt64
        @usableFromInline var item: Item

        @inlinable init(arrival: UInt64, item: Item) {
            self.arrival = arrival
            self.item = item
        }
    }

    /// A host with a free slot and someone waiting; `arrival` is its first waiter's.
    @usableFromInline struct StartableHost: Comparable {
        @usableFromInline var arrival: UInt64
        @usableFromInline var host: Host

        @inlinable init(arrival: UInt64, host: Host) {
            self.arrival = arrival
            self.host = host
        }

        @inlinable static func < (lhs: Self, rhs: Self) -> Bool { lhs.arrival < rhs.arrival }
        @inlinable static func == (lhs: Self, rhs: Self) -> Bool { lhs.arrival == rhs.arrival }
    }

    /// An empty queue; both limits are at least 1.
    @inlinable public init(maxRunning: Int, maxPerHost: Int) {
        self.maxRunning = max(1, maxRunning)
        self.maxPerHost = max(1, maxPerHost)
    }

    /// Whether `next()` would hand out an item now.
    @inlinable public var canStart: Bool { running < maxRunning && !startable.isEmpty }

    /// Puts `item` at the back of `host`'s line.
    @inlinable public mutating func enqueue(_ item: Item, host: Host) {
        let arrival = nextArrival
        nextArrival += 1
        waiting += 1
        // Mutated in place through the subscript: a copied-out line would copy its whole queue.
        let startsNow: Bool = modifying(&lines[host, default: HostLine()]) { line in
            line.waiting.append(Waiting(arrival: arrival, item: item))
            return line.waiting.count == 1 && line.running < maxPerHost
        }
        if startsNow { startable.insert(StartableHost(arrival: arrival, host: host)) }
    }

    /// The longest-waiting item allowed to start now, counted as running; nil when none may.
    @inlinable public mutating func next() -> (item: Item, host: Host)? {
        guard running < maxRunning, let chosen = startable.popMin() else { return nil }
        let limit = maxPerHost
        let taken: (item: Item, following: UInt64?)? = modifying(&lines[chosen.host]) { line in
            guard let first = line?.waiting.popFirst() else { return nil }
            line?.running += 1
            let following = (line?.running ?? limit) < limit ? line?.waiting.first?.arrival : nil
            return (first.item, following)
        }
        guard let taken else { return nil }
        running += 1
        waiting -= 1
        if let following = taken.following {
            startable.insert(StartableHost(arrival: following, host: chosen.host))
        }
        return (taken.item, chosen.host)
    }

    /// Frees the slot of an item `next()` returned.
    @inlinable public mutating func finished(host: Host) {
        let limit = maxPerHost
        // (freed, the first waiter's arrival when the host just became startable, line now empty)
        let outcome: (Bool, UInt64?, Bool) = modifying(&lines[host]) { line in
            guard let running = line?.running, running > 0 else { return (false, nil, false) }
            line?.running = running - 1
            let first = line?.waiting.first?.arrival
            // A host that was full was not startable; now its first waiter may go.
            return (true, running == limit ? first : nil, running == 1 && first == nil)
        }
        guard outcome.0 else { return }
        running -= 1
        if let arrival = outcome.1 { startable.insert(StartableHost(arrival: arrival, host: host)) }
        if outcome.2 { lines[host] = nil }
    }

    /// Rewrites every waiting item (their order and hosts stay): for a caller whose items name
    /// things by a number that has just changed.
    @inlinable public mutating func updateWaiting(_ transform: (Item) -> Item) {
        for host in Array(lines.keys) {
            modifying(&lines[host]) { line in
                guard let count = line?.waiting.count else { return }
                for index in 0..<count {
                    if let item = line?.waiting[index].item { line?.waiting[index].item = transform(item) }
                }
            }
        }
    }
}

/// Runs `body` on `value` in place (no copy of what it holds, as a `let` copy would make).
@inlinable func modifying<Value, Result>(_ value: inout Value, _ body: (inout Value) -> Result) -> Result {
    body(&value)
}

extension AdmissionQueue: Sendable where Item: Sendable, Host: Sendable {}
extension AdmissionQueue.HostLine: Sendable where Item: Sendable, Host: Sendable {}
extension AdmissionQueue.Waiting: Sendable where Item: Sendable, Host: Sendable {}
extension AdmissionQueue.StartableHost: Sendable where Item: Sendable, Host: Sendable {}

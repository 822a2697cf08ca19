import DequeModule
import HeapModule

/// Decides which waiting transfers may start: at most `maxRunning` at once, at most `maxPerHost` to
/// one host, and otherwise first come, first served.
///
/// Each host keeps its own line; a heap holds the hosts whose first waiting item could start now,
/// ordered by arrival, so picking the next transfer costs O(log hosts) however long the lines are.
/// The HTTP client admits transfers with it, and the daemon's schedule admits due feeds.
public struct AdmissionQueue<Item> {
    /// Items running at once, over all hosts.
    public let maxRunning: Int
    /// Items running at once to one host.
    public let maxPerHost: Int
    /// Items `next()` returned and `finished` has not freed yet.
    public private(set) var runningCount = 0
    /// Items enqueued and not yet started.
    public private(set) var waitingCount = 0
    private var lines: [String: HostLine] = [:]
    private var startable = Heap<StartableHost>()
    private var nextArrival: UInt64 = 0

    fileprivate struct HostLine {
        var waiting = Deque<(arrival: UInt64, item: Item)>()
        var running = 0
    }

    /// A host with a free slot and someone waiting; `arrival` is its first waiter's.
    private struct StartableHost: Comparable, Sendable {
        var arrival: UInt64
        var host: String
        static func < (lhs: Self, rhs: Self) -> Bool { lhs.arrival < rhs.arrival }
        static func == (lhs: Self, rhs: Self) -> Bool { lhs.arrival == rhs.arrival }
    }

    /// An empty queue; both limits are at least 1.
    public init(maxRunning: Int, maxPerHost: Int) {
        self.maxRunning = max(1, maxRunning)
        self.maxPerHost = max(1, maxPerHost)
    }

    /// Whether `next()` would hand out an item now.
    public var canStart: Bool { runningCount < maxRunning && !startable.isEmpty }

    /// Puts `item` at the back of `host`'s line.
    public mutating func enqueue(_ item: Item, host: String) {
        let arrival = nextArrival
        nextArrival += 1
        waitingCount += 1
        // Mutated in place through the subscript: a copied-out line would copy its whole queue.
        lines[host, default: HostLine()].waiting.append((arrival, item))
        if let line = lines[host], line.waiting.count == 1, line.running < maxPerHost {
            startable.insert(StartableHost(arrival: arrival, host: host))
        }
    }

    /// The longest-waiting item allowed to start now, counted as running; nil when none may.
    public mutating func next() -> (item: Item, host: String)? {
        guard runningCount < maxRunning, let chosen = startable.popMin(),
              let first = lines[chosen.host]?.waiting.popFirst()
        else { return nil }
        lines[chosen.host]?.running += 1
        runningCount += 1
        waitingCount -= 1
        if let line = lines[chosen.host], line.running < maxPerHost, let following = line.waiting.first {
            startable.insert(StartableHost(arrival: following.arrival, host: chosen.host))
        }
        return (first.item, chosen.host)
    }

    /// Frees the slot of an item `next()` returned.
    public mutating func finished(host: String) {
        guard (lines[host]?.running ?? 0) > 0 else { return }
        lines[host]?.running -= 1
        runningCount -= 1
        guard let line = lines[host] else { return }
        // A host that was full was not startable; now its first waiter may go.
        if line.running == maxPerHost - 1, let first = line.waiting.first {
            startable.insert(StartableHost(arrival: first.arrival, host: host))
        }
        if line.running == 0, line.waiting.isEmpty {
            lines[host] = nil
        }
    }
}

extension AdmissionQueue: Sendable where Item: Sendable {}
extension AdmissionQueue.HostLine: Sendable where Item: Sendable {}

@testable import HTTPFetching
import Testing

/// One step of a scripted run: items are named host + number ("a1" waits for host "a").
enum QueueStep: Sendable, CustomStringConvertible {
    case add(String)
    /// `next()` must give this item, or nothing.
    case next(String?)
    case finish(host: String)

    var description: String {
        switch self {
        case .add(let item): "add \(item)"
        case .next(let item): "next \(item ?? "-")"
        case .finish(let host): "finish \(host)"
        }
    }
}

@Test(arguments: [
    // Per-host limit: the third "a" waits although slots are free overall.
    (10, 2, [.add("a1"), .add("a2"), .add("a3"), .add("b1"),
             .next("a1"), .next("a2"), .next("b1"), .next(nil),
             .finish(host: "a"), .next("a3"), .next(nil)]),
    // Global limit: the third host waits for any slot.
    (2, 2, [.add("a1"), .add("b1"), .add("c1"),
            .next("a1"), .next("b1"), .next(nil),
            .finish(host: "b"), .next("c1"), .next(nil)]),
    // First come, first served across hosts when one slot frees.
    (1, 1, [.add("a1"), .add("a2"), .add("b1"), .add("a3"), .add("b2"),
            .next("a1"), .next(nil), .finish(host: "a"),
            .next("a2"), .finish(host: "a"),
            .next("b1"), .finish(host: "b"),
            .next("a3"), .finish(host: "a"),
            .next("b2"), .finish(host: "b"), .next(nil)]),
    // A host that was full gets its turn back in arrival order, not at the back.
    (2, 1, [.add("a1"), .add("a2"), .add("b1"), .add("c1"),
            .next("a1"), .next("b1"), .next(nil),
            .finish(host: "a"), .next("a2"), .finish(host: "b"), .next("c1")]),
    // Items added while others run start as slots allow.
    (3, 2, [.add("a1"), .next("a1"), .add("a2"), .add("a3"), .next("a2"), .next(nil),
            .add("b1"), .next("b1"), .finish(host: "a"), .next("a3")]),
] as [(Int, Int, [QueueStep])])
func admissionFollowsLimitsAndArrivalOrder(maxRunning: Int, maxPerHost: Int, steps: [QueueStep]) {
    var queue = AdmissionQueue<String, String>(maxRunning: maxRunning, maxPerHost: maxPerHost)
    for (index, step) in steps.enumerated() {
        switch step {
        case .add(let item):
            queue.enqueue(item, host: String(item.prefix(1)))
        case .next(let expected):
            let started = queue.next()
            #expect(started?.item == expected, "step \(index): \(step)")
            if let started { #expect(started.host == String(started.item.prefix(1))) }
        case .finish(let host):
            queue.finished(host: host)
        }
    }
}

@Test func manyItemsOverManyHostsAllStartWithinLimitsAndInOrderPerHost() {
    let hosts = (0..<7).map { "host\($0)" }
    var queue = AdmissionQueue<(host: String, serial: Int), String>(maxRunning: 5, maxPerHost: 2)
    var generator = SystemRandomNumberGenerator()
    for serial in 0..<1000 {
        let host = hosts[Int.random(in: 0..<hosts.count, using: &generator)]
        queue.enqueue((host, serial), host: host)
    }
    var running: [(host: String, serial: Int)] = []
    var lastStarted: [String: Int] = [:]
    var started = 0
    while started < 1000 {
        while let (item, _) = queue.next() {
            #expect(item.serial > lastStarted[item.host, default: -1], "a host's items start in arrival order")
            lastStarted[item.host] = item.serial
            running.append(item)
            started += 1
        }
        #expect(running.count <= 5)
        for host in hosts {
            #expect(running.count { $0.host == host } <= 2)
        }
        guard !running.isEmpty else {
            Issue.record("nothing running, \(1000 - started) never started")
            return
        }
        let done = running.remove(at: Int.random(in: 0..<running.count, using: &generator))
        queue.finished(host: done.host)
    }
    #expect(queue.waitingCount == 0)
}

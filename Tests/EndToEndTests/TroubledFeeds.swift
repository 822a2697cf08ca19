import Synchronization
import TestSupport

/// Three feeds for the rules `poll-once` sets feeds aside by: ok.xml always answers; until
/// `recover()`, busy.xml says 503 with Retry-After: 3600 and gone.xml 410 Gone; after, each
/// answers with items (3 and 1).
struct TroubledFeeds {
    let server: TestHTTPServer
    private let flag: RecoveryFlag

    private final class RecoveryFlag: Sendable {
        let recovered = Atomic<Bool>(false)
    }

    init() throws {
        let flag = RecoveryFlag()
        self.flag = flag
        server = try TestHTTPServer(routes: [
            "/ok.xml": { _ in .ok(FeedText.rss(title: "Ok", items: FeedText.items("ok", 0..<2))) },
            "/busy.xml": { _ in
                flag.recovered.load(ordering: .relaxed) ? .ok(FeedText.rss(title: "Busy", items: FeedText.items("busy", 0..<3)))
                    : .status(503, headers: [("Retry-After", "3600")], body: "come back later")
            },
            "/gone.xml": { _ in
                flag.recovered.load(ordering: .relaxed) ? .ok(FeedText.rss(title: "Back", items: FeedText.items("back", 0..<1))) : .status(410)
            },
        ])
    }

    /// The three as config entries: ok, busy, gone.
    var feeds: [(name: String, url: String)] {
        [("ok", server.url("/ok.xml")), ("busy", server.url("/busy.xml")), ("gone", server.url("/gone.xml"))]
    }

    func recover() {
        flag.recovered.store(true, ordering: .relaxed)
    }
}

@testable import FeedArchive
@testable import FeedDaemon
import Foundation
import Testing
import TestSupport

/// The state-line format: what `FeedState.write(to:)` writes, `FeedStateLineParser` reads back,
/// and what it refuses.
@Suite struct FeedStateLineTests {
    func parse(_ text: String) -> FeedStateLine? {
        Array(text.utf8).withUnsafeBytes { FeedStateLine.decode($0) }
    }

    func written(_ line: FeedStateLine) -> String {
        var writer = JSONLineWriter()
        line.write(to: &writer)
        return String(decoding: writer.bytes.dropLast(), as: UTF8.self)
    }

    @Test func randomStatesRoundTrip() throws {
        var random = SeededRandom(seed: 31)
        let alphabet: [Character] = ["a", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{7F}", "é", "€", "\u{2028}", "😀", " ", "{", "}"]
        func text() -> String? {
            Bool.random(using: &random) ? nil : String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        func time() -> Double? {
            Bool.random(using: &random) ? nil : Double.random(in: -1e10...1e10, using: &random)
        }
        for _ in 0..<2000 {
            var state = FeedState()
            state.etag = text()
            state.lastModified = text()
            state.movedTo = text()
            state.lastError = text()
            state.gone = Bool.random(using: &random)
            state.lastPolled = time()
            state.nextPoll = time().map { $0.rounded() }
            state.newestEntry = time()
            state.meanEntryGap = time()
            state.lastNewItems = time()
            state.retryAfterUntil = time()
            state.lastStatus = Bool.random(using: &random) ? nil : Int.random(in: 0...999, using: &random)
            state.interval = Bool.random(using: &random) ? nil : Int.random(in: 1...10_000_000, using: &random)
            state.consecutiveFailures = Int.random(in: 0...1000, using: &random)
            state.itemsArchived = Int.random(in: 0...Int(Int32.max) * 4, using: &random)
            let line = FeedStateLine.saved(StoredFeedState(url: text() ?? "u", state: state))
            let json = written(line)
            guard case .saved(let back)? = parse(json) else {
                Issue.record("did not read back: \(json)")
                return
            }
            #expect(back.state == state, "\(json)")
            #expect(back.url == line.url)
            // And it is JSON that any reader takes.
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) is [String: Any], "\(json)")
        }
    }

    @Test func readsOtherSpellingsOfTheSameLine() throws {
        let line = #" { "extra": [1, {"a": [true, null]}, "x"], "state" : { "etag" : "\"q\"", "moved_to": "https:\/\/x.example\/\u00e9\ud83d\ude00", "gone": false, "interval": null, "next_poll": 1.8e9, "unknown": {} } , "url": "https://a.example/" } "#
        guard case .saved(let stored)? = parse(line) else {
            Issue.record("not read")
            return
        }
        #expect(stored.url == "https://a.example/")
        #expect(stored.state.etag == "\"q\"")
        #expect(stored.state.movedTo == "https://x.example/é😀")
        #expect(stored.state.nextPoll == 1.8e9)
        #expect(stored.state.interval == nil)
        let waiting = #"{"url":"https://busy.example/","state":{"last_error":"HTTP 503","retry_after_until":1800007200.5}}"#
        guard case .saved(let busy)? = parse(waiting) else {
            Issue.record("retry_after_until not read")
            return
        }
        #expect(busy.state.retryAfterUntil == 1_800_007_200.5)
        #expect(busy.state.lastError == "HTTP 503")
        #expect(busy.state.movedTo == nil)
        #expect(parse(#"{"url":"https://gone.example/","removed":true}"#).map { if case .removed = $0 { true } else { false } } == true)
    }

    @Test(arguments: [
        #"{"url":"u","state":{}"#,                      // unfinished
        #"{"url":"u","state":{}} x"#,                   // trailing garbage
        #"{"url":"u"}"#,                                // neither state nor removal
        #"{"state":{}}"#,                               // no URL
        #"{"url":5,"state":{}}"#,                       // URL not a string
        #"{"url":"u","state":{"etag":5}}"#,             // wrong type
        #"{"url":"u","state":{"interval":1.5}}"#,       // not a whole number
        #"{"url":"u","state":{"last_polled":"x"}}"#,
        #"{"url":"u\x","state":{}}"#,                   // bad escape
        #"{"url":"\ud800","state":{}}"#,                // lone surrogate
        "{\"url\":\"a\u{01}b\",\"state\":{}}",          // raw control character
        #"{"url":"u","state":{"etag":"\"to"#,           // a torn write
        "",
    ])
    func refusesWhatIsNotAStateLine(_ line: String) {
        #expect(parse(line) == nil)
    }
}

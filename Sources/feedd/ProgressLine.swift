import FeedDaemon
import Foundation
import Synchronization

/// The live line `poll-once` keeps on a terminal's stderr: feeds done of all, new items,
/// failures and time so far, redrawn in place as polls finish and every quarter second.
final class ProgressLine: Sendable {
    private let latest = Mutex<PollOnce.Progress?>(nil)
    /// When the line was last drawn: at most ten redraws a second, however fast feeds finish.
    private let lastDrawn = Mutex<ContinuousClock.Instant?>(nil)
    private let started = ContinuousClock.now
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    /// A line on stderr when it is a terminal (and TERM is not "dumb"); nil otherwise.
    static func onTerminal() -> ProgressLine? {
        guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        let line = ProgressLine()
        line.ticker.withLock { task in
            task = Task { [weak line] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    line?.draw()
                }
            }
        }
        return line
    }

    func update(_ progress: PollOnce.Progress) {
        latest.withLock { $0 = progress }
        let now = ContinuousClock.now
        let due = lastDrawn.withLock { last in
            guard progress.done == progress.total || last.map({ now - $0 >= .milliseconds(100) }) ?? true else { return false }
            last = now
            return true
        }
        if due { draw() }
    }

    /// Stops redrawing and clears the line, leaving the terminal as it was.
    func finish() {
        ticker.withLock { task in
            task?.cancel()
            task = nil
        }
        latest.withLock { progress in
            progress = nil
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }

    private func draw() {
        latest.withLock { progress in
            guard let progress else { return }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let text = "polling: \(progress.done)/\(progress.total) feeds, \(progress.newItems) new item\(progress.newItems == 1 ? "" : "s"), "
                + "\(progress.failures) failed, \(String(format: "%.1f", seconds)) s"
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        }
    }
}

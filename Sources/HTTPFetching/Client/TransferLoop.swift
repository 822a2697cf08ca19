import CCurl
import Foundation

/// The transfer thread's side of the client: it admits queued requests within the limits, drives
/// them all through one multi handle, and hands each result back through the core. Everything here
/// is touched by that one thread only.
final class TransferLoop {
    private let core: TransferCore
    private let options: FetchOptions
    private var queue: AdmissionQueue<Transfer, String>
    /// Running transfers by their easy handle; this table keeps each one alive while libcurl calls back.
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Running and waiting transfers by id, for cancellation.
    private var byID: [UInt64: Transfer] = [:]
    /// Easy handles of finished transfers, reused so their caches stay warm.
    private var idleHandles: [CurlEasy] = []

    init(core: TransferCore, options: FetchOptions) {
        self.core = core
        self.options = options
        queue = AdmissionQueue(maxRunning: options.maxConcurrentTransfers, maxPerHost: options.maxTransfersPerHost)
    }

    /// Runs until the core says shut down; then aborts what is running and returns.
    func run() {
        Thread.current.name = "feedd-http"  // shows in top -H and gdb
        while true {
            let work = core.takeWork()
            if work.isShuttingDown {
                abortAll()
                return
            }
            for submission in work.submissions {
                enqueue(submission)
            }
            for id in work.cancellations {
                abort(id)
            }
            startAdmissible()
            core.multi.perform()
            let finished = core.multi.takeFinished()
            for (handle, result) in finished {
                finish(handle, result)
            }
            // Slots freed: start the next transfers now rather than after a poll.
            if !finished.isEmpty, queue.waitingCount > 0 { continue }
            // libcurl shortens the wait to its own next timer; new work arrives by wakeUp().
            core.multi.poll(timeoutMilliseconds: 10_000)
        }
    }

    private func enqueue(_ submission: TransferCore.Submission) {
        let transfer = Transfer(
            id: submission.id, request: submission.request, target: submission.target, options: options)
        byID[transfer.id] = transfer
        queue.enqueue(transfer, host: transfer.target.hostKey)
    }

    private func startAdmissible() {
        while let (transfer, host) = queue.next() {
            if transfer.isCancelled {
                queue.finished(host: host)
            } else {
                start(transfer)
            }
        }
    }

    private func start(_ transfer: Transfer) {
        let easy: CurlEasy
        do throws(FetchError) {
            if let idle = idleHandles.popLast() { easy = idle } else { easy = try CurlEasy() }
        } catch {
            end(transfer, with: .failure(error))
            return
        }
        do throws(FetchError) {
            try transfer.attach(to: easy, options: options)
            try core.multi.add(easy)
            running[easy.handle] = transfer
        } catch {
            recycle(transfer.detach())
            end(transfer, with: .failure(error))
        }
    }

    private func finish(_ handle: UnsafeMutableRawPointer, _ code: CURLcode) {
        guard let transfer = running.removeValue(forKey: handle) else { return }
        let result = transfer.outcome(code, options: options)
        if let easy = transfer.detach() {
            core.multi.remove(easy)
            recycle(easy)
        }
        end(transfer, with: result)
    }

    /// The caller was already resumed with `.cancelled`; stop the work and free its slot.
    private func abort(_ id: UInt64) {
        guard let transfer = byID[id] else { return }
        if let easy = transfer.easy {
            running[easy.handle] = nil
            _ = transfer.detach()
            core.multi.remove(easy)
            recycle(easy)
            byID[id] = nil
            queue.finished(host: transfer.target.hostKey)
        } else {
            // Still waiting: it is skipped when its turn comes.
            transfer.isCancelled = true
            byID[id] = nil
        }
    }

    private func end(_ transfer: Transfer, with result: Result<FetchResponse, FetchError>) {
        byID[transfer.id] = nil
        queue.finished(host: transfer.target.hostKey)
        core.complete(transfer.id, with: result)
    }

    private func recycle(_ easy: CurlEasy?) {
        guard let easy, idleHandles.count < options.maxConcurrentTransfers else { return }
        idleHandles.append(easy)
    }

    /// At shutdown the core has already resumed every caller; only libcurl's side is left.
    private func abortAll() {
        for transfer in running.values {
            if let easy = transfer.detach() {
                core.multi.remove(easy)
            }
        }
        running.removeAll()
        byID.removeAll()
        idleHandles.removeAll()
    }
}

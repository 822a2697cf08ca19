import CCurl

/// Owns the libcurl multi handle that drives every transfer and holds the connection cache.
///
/// `@unchecked Sendable` because the client's callers must reach `wakeUp()` from any thread;
/// libcurl documents `curl_multi_wakeup` as safe to call from another thread, and every other
/// method here is called only from the transfer thread.
final class CurlMulti: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    init(maxCachedConnections: Int) throws(FetchError) {
        try CurlGlobal.ensureInitialized()
        guard let handle = curl_multi_init() else {
            throw FetchError(.transfer, "libcurl could not create a multi handle")
        }
        self.handle = handle
        _ = feedd_multi_setopt_long(handle, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX)
        _ = feedd_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, maxCachedConnections)
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    func add(_ easy: CurlEasy) throws(FetchError) {
        let code = curl_multi_add_handle(handle, easy.handle)
        guard code == CURLM_OK else {
            throw FetchError(.transfer, "libcurl could not start the transfer: \(String(cString: curl_multi_strerror(code)))")
        }
    }

    func remove(_ easy: CurlEasy) {
        curl_multi_remove_handle(handle, easy.handle)
    }

    /// Moves every transfer as far as it can go without blocking.
    func perform() {
        var running: Int32 = 0
        curl_multi_perform(handle, &running)
    }

    /// Transfers that ended since the last call, with libcurl's result for each.
    func takeFinished() -> [(handle: UnsafeMutableRawPointer, result: CURLcode)] {
        var finished: [(handle: UnsafeMutableRawPointer, result: CURLcode)] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(handle, &remaining) {
            // Copy out now: the message dies with the handle's removal.
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                finished.append((easy, message.pointee.data.result))
            }
        }
        return finished
    }

    /// Sleeps until a socket is ready, a libcurl timer is due, `wakeUp()` is called, or the timeout passes.
    func poll(timeoutMilliseconds: Int32) {
        curl_multi_poll(handle, nil, 0, timeoutMilliseconds, nil)
    }

    /// Interrupts `poll` from any thread.
    func wakeUp() {
        curl_multi_wakeup(handle)
    }
}

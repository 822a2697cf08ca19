import CCurl

/// libcurl's process-wide initialisation, run once before the first handle is made.
enum CurlGlobal {
    /// Swift runs a static initialiser exactly once, thread-safely; libcurl is never cleaned up
    /// because handles may live until the process exits.
    private static let initialization: CURLcode = feedd_global_init()

    static func ensureInitialized() throws(FetchError) {
        let code = initialization
        guard code == CURLE_OK else {
            throw FetchError(.transfer, "libcurl failed to initialise: \(CurlGlobal.describe(code))")
        }
    }

    /// libcurl's short description of a result code.
    static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}

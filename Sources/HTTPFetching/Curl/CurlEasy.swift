import CCurl

/// Owns one libcurl easy handle and its error buffer. The transfer thread reuses it across
/// transfers (`reset()`), so connections, DNS and TLS session caches stay warm.
final class CurlEasy {
    /// The `CURL *` handle; valid until deinit.
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(FetchError) {
        try CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw FetchError(.transfer, "libcurl could not create a transfer handle")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Forgets every option of the previous transfer but keeps the caches; re-arms the error buffer.
    func reset() throws(FetchError) {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try check(feedd_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
    }

    /// libcurl's detailed message for the last failure, when it wrote one.
    var errorMessage: String? {
        errorBuffer[0] == 0 ? nil : String(cString: errorBuffer)
    }

    func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(feedd_easy_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, bytes value: Int64) throws(FetchError) {
        try check(feedd_easy_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    /// libcurl copies string options, so the Swift string need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        try check(feedd_easy_setopt_string(handle, option, value), option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(FetchError) {
        try check(feedd_easy_setopt_pointer(handle, option, value), option)
    }

    /// The list must stay alive until the transfer ends; the caller keeps it.
    func set(_ option: CURLoption, headers: CurlHeaderList) throws(FetchError) {
        try check(feedd_easy_setopt_slist(handle, option, headers.head), option)
    }

    func set(_ option: CURLoption, callback: curl_write_callback) throws(FetchError) {
        try check(feedd_easy_setopt_write_callback(handle, option, callback), option)
    }

    func set(openSocketCallback callback: curl_opensocket_callback) throws(FetchError) {
        try check(feedd_easy_setopt_opensocket_callback(handle, callback), CURLOPT_OPENSOCKETFUNCTION)
    }

    func set(prerequestCallback callback: curl_prereq_callback) throws(FetchError) {
        try check(feedd_easy_setopt_prereq_callback(handle, callback), CURLOPT_PREREQFUNCTION)
    }

    func integer(_ info: CURLINFO) -> Int {
        var value = 0
        return feedd_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    func int64(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return feedd_easy_getinfo_off_t(handle, info, &value) == CURLE_OK ? Int64(value) : 0
    }

    func string(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard feedd_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// An option libcurl refuses is a fault to report, never a protection silently missing.
    private func check(_ code: CURLcode, _ option: CURLoption) throws(FetchError) {
        guard code != CURLE_OK else { return }
        let name = feedd_easy_option_name(option).map { String(cString: $0) } ?? "option \(option.rawValue)"
        throw FetchError(.transfer, "libcurl refused CURLOPT_\(name): \(CurlGlobal.describe(code))")
    }
}

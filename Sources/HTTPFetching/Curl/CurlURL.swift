import CCurl

/// Owns a libcurl URL handle (`CURLU`), used to read a URL the same way libcurl will.
final class CurlURL {
    private let handle: OpaquePointer

    /// Parses `text`; nil when libcurl cannot parse it as an absolute URL. Any scheme is accepted
    /// here so that the caller can refuse it by name.
    init?(_ text: String) {
        guard let handle = curl_url() else { return nil }
        guard curl_url_set(handle, CURLUPART_URL, text, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK else {
            curl_url_cleanup(handle)
            return nil
        }
        self.handle = handle
    }

    deinit {
        curl_url_cleanup(handle)
    }

    /// The scheme, lower-cased by libcurl.
    var scheme: String? { part(CURLUPART_SCHEME, flags: 0) }
    var host: String? { part(CURLUPART_HOST, flags: 0) }
    /// The port, the scheme's default when the URL names none.
    var port: String? { part(CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT)) }

    private func part(_ which: CURLUPart, flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}

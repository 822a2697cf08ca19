import CCurl

/// Owns a `curl_slist` of request header lines; freed in deinit.
final class CurlHeaderList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init(_ lines: [String]) throws(FetchError) {
        for line in lines {
            // curl_slist_append copies the line.
            guard let appended = curl_slist_append(head, line) else {
                throw FetchError(.transfer, "out of memory building request headers")
            }
            head = appended
        }
    }

    deinit {
        curl_slist_free_all(head)
    }
}

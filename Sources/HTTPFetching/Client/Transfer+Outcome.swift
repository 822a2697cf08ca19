import CCurl

extension Transfer {
    /// `options` with this request's own limits in place of the client's.
    func effective(_ options: FetchOptions) -> FetchOptions {
        var effective = options
        effective.maxBodyBytes = maxBodyBytes
        effective.totalTimeoutSeconds = request.totalTimeoutSeconds ?? options.totalTimeoutSeconds
        return effective
    }

    /// The response, or the error naming why there is none, once libcurl ended the transfer with `code`.
    func outcome(_ code: CURLcode, options: FetchOptions) -> Result<FetchResponse, FetchError> {
        guard let easy else { return .failure(FetchError(.transfer, "transfer ended without a handle")) }
        let effectiveURL = easy.string(CURLINFO_EFFECTIVE_URL) ?? request.url
        let milliseconds = Int(easy.int64(CURLINFO_TOTAL_TIME_T) / 1000)
        guard code == CURLE_OK else {
            // A refused address shows as a failed connect (open-socket) or an abort (pre-request).
            if let refusal = addressRefusal, code == CURLE_COULDNT_CONNECT || code == CURLE_ABORTED_BY_CALLBACK {
                return .failure(FetchError(.refusedAddress, "\(refusal); allow it with [http] allow_networks"))
            }
            let parsed = CurlURL(effectiveURL)
            let host = parsed?.host ?? ""
            // A reused connection reports zero lookup and connect times: a request that went out,
            // or an address picked, says more about how far the transfer got.
            let sentRequest = easy.integer(CURLINFO_REQUEST_SIZE) > 0
            let pickedAddress = !(easy.string(CURLINFO_PRIMARY_IP) ?? "").isEmpty
            let failure = TransferFailure(
                code: code, curlMessage: easy.errorMessage, osErrno: Int32(easy.integer(CURLINFO_OS_ERRNO)),
                elapsedMilliseconds: milliseconds,
                resolved: sentRequest || pickedAddress || easy.int64(CURLINFO_NAMELOOKUP_TIME_T) > 0,
                connected: sentRequest || easy.int64(CURLINFO_CONNECT_TIME_T) > 0,
                host: host, hostPort: "\(host):\(parsed?.port ?? "")",
                bodyExceededLimit: bodyExceededLimit, lastLocation: location)
            return .failure(FetchError(failure, options: effective(options)))
        }
        // libcurl reports no status for file: URLs; a file read whole is an OK.
        let status = target.isFile && self.status == 0 ? 200 : self.status
        return .success(FetchResponse(
            status: status, effectiveURL: effectiveURL, headers: headers, body: body, redirects: redirects,
            wireBytes: Int(easy.int64(CURLINFO_SIZE_DOWNLOAD_T)), milliseconds: milliseconds))
    }
}

import AddressPolicy
import CCurl

extension Transfer {
    /// Has libcurl ask before every new connection (the open-socket callback: refused before any
    /// packet is sent) and before every request, on a new or a reused connection (the
    /// pre-request callback: a connection opened for a trusted request must not carry an
    /// untrusted one). Both run after DNS, on every redirect hop.
    func armAddressChecks(on easy: CurlEasy, this: UnsafeMutableRawPointer) throws(FetchError) {
        try easy.set(openSocketCallback: checkedOpenSocket)
        try easy.set(CURLOPT_OPENSOCKETDATA, pointer: this)
        try easy.set(prerequestCallback: checkedPrerequest)
        try easy.set(CURLOPT_PREREQDATA, pointer: this)
    }

    /// Whether a connection may use `address`; a refusal is kept to explain the failure.
    func admits(_ address: IPAddress) -> Bool {
        guard let refusal = gate.refusal(for: address, currentHost: currentHost) else { return true }
        if addressRefusal == nil { addressRefusal = refusal }
        return false
    }

    /// The host of the hop in progress: libcurl moves the effective URL to each redirect's
    /// target before connecting to it.
    private func currentHost() -> String? {
        easy?.string(CURLINFO_EFFECTIVE_URL).flatMap { CurlURL($0)?.host }
    }
}

/// libcurl's open-socket callback: the resolved address of a connection about to be made. A
/// refused address gets CURL_SOCKET_BAD, which libcurl takes as a failed connect (and tries the
/// host's next address, if it has one).
private func checkedOpenSocket(
    _ userdata: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let userdata, let address, purpose == CURLSOCKTYPE_IPCXN else { return CURL_SOCKET_BAD }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    var bytes: (UInt64, UInt64) = (0, 0)
    let peer: IPAddress? = withUnsafeMutableBytes(of: &bytes) { raw in
        let buffer = raw.bindMemory(to: UInt8.self)
        guard let base = buffer.baseAddress else { return nil }
        let count = Int(feedd_sockaddr_ip_bytes(address, base))
        return IPAddress(bytes: buffer.prefix(count))
    }
    guard let peer, transfer.admits(peer) else { return CURL_SOCKET_BAD }
    return feedd_open_socket(address)
}

/// libcurl's pre-request callback: the address of the connection a request is about to go out
/// on, new or reused. Aborting fails the transfer with CURLE_ABORTED_BY_CALLBACK.
private func checkedPrerequest(
    _ userdata: UnsafeMutableRawPointer?, _ primaryIP: UnsafeMutablePointer<CChar>?,
    _ localIP: UnsafeMutablePointer<CChar>?, _ primaryPort: Int32, _ localPort: Int32
) -> Int32 {
    guard let userdata, let primaryIP else { return CURL_PREREQFUNC_ABORT }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    // An IPv6 link-local address may carry a zone ("fe80::1%eth0"); the address is what counts.
    let text = String(cString: primaryIP).split(separator: "%", maxSplits: 1).first ?? ""
    guard let peer = IPAddress(text), transfer.admits(peer) else { return CURL_PREREQFUNC_ABORT }
    return CURL_PREREQFUNC_OK
}

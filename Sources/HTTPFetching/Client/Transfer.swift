import AddressPolicy
import CCurl

/// One request on the transfer thread: its place in line, the handle lent to it while it runs,
/// and what libcurl's callbacks delivered. Only the transfer thread touches it.
final class Transfer {
    /// Sent with every request: feeds first, any XML next, anything else last.
    static let feedAccept =
        "application/rss+xml, application/atom+xml, application/feed+json, "
        + "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"

    let id: UInt64
    let request: FetchRequest
    let target: RequestTarget
    /// Set when the caller gave up while the transfer still waited for a slot.
    var isCancelled = false
    /// Lent from the loop's pool while the transfer runs.
    private(set) var easy: CurlEasy?
    /// Must outlive the transfer: libcurl reads it while sending.
    private var headerList: CurlHeaderList?

    let maxBodyBytes: Int
    /// Decides which addresses this transfer's connections may use.
    let gate: AddressGate
    /// The first address a connection was refused, which explains a failed connect.
    var addressRefusal: AddressRefusal?
    private(set) var body: [UInt8] = []
    private(set) var bodyExceededLimit = false
    /// Status and headers of the latest response seen; each new status line starts afresh.
    private(set) var status = 0
    private(set) var headers: [String: String] = [:]
    private(set) var location: String?
    private(set) var redirects: [RedirectHop] = []
    private var lastHeaderName: String?

    init(id: UInt64, request: FetchRequest, target: RequestTarget, options: FetchOptions) {
        self.id = id
        self.request = request
        self.target = target
        maxBodyBytes = request.maxBodyBytes ?? options.maxBodyBytes
        gate = AddressGate(policy: options.addressPolicy, exemption: target.exemption)
    }

    /// Sets every option of this transfer on `easy`, which the transfer keeps until `detach()`.
    func attach(to easy: CurlEasy, options: FetchOptions) throws(FetchError) {
        self.easy = easy
        let list = try CurlHeaderList(requestHeaderLines())
        let timeoutSeconds = request.totalTimeoutSeconds ?? options.totalTimeoutSeconds
        headerList = list
        let this = Unmanaged.passUnretained(self).toOpaque()
        try easy.reset()
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_HTTPGET, 1)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        // file: only as a configured URL (RequestTarget checked); a redirect may lead to http(s) alone.
        try easy.set(CURLOPT_PROTOCOLS_STR, target.isFile ? "file" : "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        // A proxy would be the only address ever connected, hiding the one the policy must judge:
        // the empty string makes libcurl ignore http_proxy, https_proxy and ALL_PROXY.
        try easy.set(CURLOPT_PROXY, "")
        if !target.isFile {
            try armAddressChecks(on: easy, this: this)
        }
        try easy.set(CURLOPT_FOLLOWLOCATION, 1)
        try easy.set(CURLOPT_MAXREDIRS, options.maxRedirects)
        try easy.set(CURLOPT_USERAGENT, options.userAgent)
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding this libcurl decodes
        try easy.set(CURLOPT_HTTPHEADER, headers: list)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, options.connectTimeoutSeconds * 1000)
        try easy.set(CURLOPT_TIMEOUT_MS, timeoutSeconds * 1000)
        try easy.set(CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedBytesPerSecond)
        try easy.set(CURLOPT_LOW_SPEED_TIME, options.lowSpeedSeconds)
        try easy.set(CURLOPT_MAXFILESIZE_LARGE, bytes: Int64(maxBodyBytes))
        try easy.set(CURLOPT_TCP_KEEPALIVE, 1)
        try easy.set(CURLOPT_TCP_KEEPIDLE, 60)
        try easy.set(CURLOPT_TCP_KEEPINTVL, 30)
        if target.scheme == "https" {
            // Wait for a connection that may multiplex (HTTP/2 over TLS) rather than open another.
            // Not for http:, where it would hold each request until the previous response began.
            try easy.set(CURLOPT_PIPEWAIT, 1)
        }
        // The loop's table keeps `self` alive while libcurl may call back.
        try easy.set(CURLOPT_WRITEFUNCTION, callback: receiveBodyCallback)
        try easy.set(CURLOPT_WRITEDATA, pointer: this)
        try easy.set(CURLOPT_HEADERFUNCTION, callback: receiveHeaderCallback)
        try easy.set(CURLOPT_HEADERDATA, pointer: this)
    }

    /// Gives back the handle for reuse and frees the header list.
    func detach() -> CurlEasy? {
        defer {
            easy = nil
            headerList = nil
        }
        return easy
    }

    /// Header lines sent besides what libcurl adds. Validators with line breaks are dropped: they
    /// would smuggle headers into the request.
    private func requestHeaderLines() -> [String] {
        var lines = ["Accept: " + (request.accept ?? Self.feedAccept)]
        if let etag = request.etag, Self.isSafeHeaderValue(etag) {
            lines.append("If-None-Match: \(etag)")
        }
        if let lastModified = request.lastModified, Self.isSafeHeaderValue(lastModified) {
            lines.append("If-Modified-Since: \(lastModified)")
        }
        return lines
    }

    private static func isSafeHeaderValue(_ value: String) -> Bool {
        !value.isEmpty && !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }

    // MARK: Callbacks

    /// Appends decoded body bytes; false once the body would pass the cap, which aborts the transfer.
    func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let newCount = body.count + bytes.count
        guard newCount <= maxBodyBytes else {
            bodyExceededLimit = true
            return false
        }
        if newCount > body.capacity {
            // Grow geometrically but never past the cap, so memory stays bounded by it.
            body.reserveCapacity(min(max(newCount, body.capacity * 2), maxBodyBytes))
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Takes one complete header line, status lines included, as libcurl delivers them.
    func receiveHeader(_ line: UnsafeBufferPointer<UInt8>) {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        let text = UnsafeBufferPointer(rebasing: line[0..<end])
        guard let first = text.first else { return }
        if text.starts(with: "HTTP/".utf8) {
            beginResponse(statusLine: text)
        } else if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            continueHeader(text)
        } else if let colon = text.firstIndex(of: UInt8(ascii: ":")) {
            let name = String(decoding: text[..<colon].lazy.map(Self.lowercasedASCII), as: UTF8.self)
            let value = Self.trimmed(UnsafeBufferPointer(rebasing: text[(colon + 1)...]))
            headers[name] = value
            lastHeaderName = name
            if name == "location" { location = value }
        }
    }

    /// A new status line: the previous response, if it redirected, becomes a hop.
    private func beginResponse(statusLine: UnsafeBufferPointer<UInt8>) {
        if (300..<400).contains(status), let location {
            redirects.append(RedirectHop(status: status, location: location))
        }
        status = Self.statusCode(in: statusLine) ?? 0
        headers.removeAll(keepingCapacity: true)
        location = nil
        lastHeaderName = nil
        body.removeAll(keepingCapacity: true)
    }

    /// An obsolete folded line continues the previous header's value.
    private func continueHeader(_ text: UnsafeBufferPointer<UInt8>) {
        guard let name = lastHeaderName, let value = headers[name] else { return }
        headers[name] = value + " " + Self.trimmed(text)
    }

    /// The three digits after "HTTP/x[.y] ".
    static func statusCode(in statusLine: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let space = statusLine.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        var code = 0
        var digits = 0
        for byte in statusLine[(space + 1)...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
            code = code * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits == 3 ? code : nil
    }

    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// libcurl's write callback: decoded body bytes. Returning less than the length given makes
/// libcurl stop with CURLE_WRITE_ERROR.
private func receiveBodyCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    deliver(data, size * count, userdata) { transfer, bytes in transfer.receiveBody(bytes) }
}

/// libcurl's header callback: one complete header line per call.
private func receiveHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    deliver(data, size * count, userdata) { transfer, bytes in
        transfer.receiveHeader(bytes)
        return true
    }
}

/// Hands a callback's bytes to its transfer: `userdata` is the unretained Transfer, kept alive by
/// the loop's table. Returns the length when `accept` takes them, else 0.
private func deliver(
    _ data: UnsafeMutablePointer<CChar>?, _ length: Int, _ userdata: UnsafeMutableRawPointer?,
    to accept: (Transfer, UnsafeBufferPointer<UInt8>) -> Bool
) -> Int {
    guard let data, let userdata, length > 0 else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return accept(transfer, bytes) ? length : 0
}

/// Limits and behaviour of the HTTP client, set once from the configuration.
public struct FetchOptions: Sendable, Equatable {
    /// Transfers in flight at once, across all hosts.
    public var maxConcurrentTransfers: Int
    /// Transfers in flight at once to one host (host:port of the requested URL).
    public var maxTransfersPerHost: Int
    /// Time allowed to resolve the host and connect, per connection.
    public var connectTimeoutSeconds: Int
    /// Whole-transfer timeout, redirects included.
    public var totalTimeoutSeconds: Int
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds` is aborted.
    public var lowSpeedBytesPerSecond: Int
    public var lowSpeedSeconds: Int
    /// Largest body accepted, counted after decompression, enforced while receiving.
    public var maxBodyBytes: Int
    /// Redirects followed before giving up with `.tooManyRedirects`.
    public var maxRedirects: Int
    /// Sent as `User-Agent` with every request.
    public var userAgent: String

    /// Defaults suited to polling feeds. A total timeout or low-speed limit of 0 turns that check off.

    public init(
        maxConcurrentTransfers: Int = 16, maxTransfersPerHost: Int = 2,
        connectTimeoutSeconds: Int = 10, totalTimeoutSeconds: Int = 60,
        lowSpeedBytesPerSecond: Int = 64, lowSpeedSeconds: Int = 20,
        maxBodyBytes: Int = 8 << 20, maxRedirects: Int = 5,
        userAgent: String = "feedd"
    ) {
        self.maxConcurrentTransfers = maxConcurrentTransfers
        self.maxTransfersPerHost = maxTransfersPerHost
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.totalTimeoutSeconds = totalTimeoutSeconds
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedSeconds = lowSpeedSeconds
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.userAgent = userAgent
    }
}

/// One GET, conditional when validators from an earlier response are given.
public struct FetchRequest: Sendable, Equatable {
    /// http, https, or file (file only as the requested URL, never as a redirect target).
    public var url: String
    /// The `ETag` of an earlier response, sent as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` of an earlier response, sent as `If-Modified-Since`.
    public var lastModified: String?
    /// The `Accept` header's value; nil asks for feeds first.
    public var accept: String?
    /// Overrides `FetchOptions.maxBodyBytes` for this request (article pages have their own cap).
    public var maxBodyBytes: Int?
    /// Overrides `FetchOptions.totalTimeoutSeconds` for this request.
    public var totalTimeoutSeconds: Int?

    /// A request for `url`, conditional when validators are given.
    public init(url: String, etag: String? = nil, lastModified: String? = nil, accept: String? = nil,
                maxBodyBytes: Int? = nil, totalTimeoutSeconds: Int? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.accept = accept
        self.maxBodyBytes = maxBodyBytes
        self.totalTimeoutSeconds = totalTimeoutSeconds
    }
}

/// One redirect that was followed.
public struct RedirectHop: Sendable, Equatable {
    /// 301, 302, 303, 307 or 308.
    public var status: Int
    /// The `Location` header as the server sent it (possibly relative).
    public var location: String

    /// A hop with `status` pointing to `location`.

    public init(status: Int, location: String) {
        self.status = status
        self.location = location
    }
}

/// The final response of a transfer, whatever its status (304, 404 and 503 are responses, not errors).
public struct FetchResponse: Sendable, Equatable {
    /// The HTTP status of the final response; 200 for a file: URL that was read.
    public var status: Int
    /// The URL of the final response, after redirects.
    public var effectiveURL: String
    /// Headers of the final response; names lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    /// The body, decompressed.
    public var body: [UInt8]
    /// Redirects followed to get here, in order.
    public var redirects: [RedirectHop]
    /// Bytes received on the wire (compressed size when the body was compressed).
    public var wireBytes: Int
    /// Total transfer time in milliseconds.
    public var milliseconds: Int

    /// A response as the client builds it; tests and tools may build one too.
    public init(
        status: Int, effectiveURL: String, headers: [String: String] = [:], body: [UInt8] = [],
        redirects: [RedirectHop] = [], wireBytes: Int = 0, milliseconds: Int = 0
    ) {
        self.status = status
        self.effectiveURL = effectiveURL
        self.headers = headers
        self.body = body
        self.redirects = redirects
        self.wireBytes = wireBytes
        self.milliseconds = milliseconds
    }

    /// The `ETag` header, to send back as a validator.
    public var etag: String? { headers["etag"] }
    /// The `Last-Modified` header, to send back as a validator.
    public var lastModified: String? { headers["last-modified"] }
    /// The `Content-Type` header, charset included.
    public var contentType: String? { headers["content-type"] }

    /// The URL the feed has moved to for good: set when every redirect followed was a 301 or 308.
    public var permanentlyMovedTo: String? {
        guard !redirects.isEmpty, redirects.allSatisfy({ $0.status == 301 || $0.status == 308 }) else { return nil }
        return effectiveURL
    }
}

/// Why a transfer produced no response.
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The cause, for deciding what to do (retry, back off, give up).
    public enum Kind: String, Sendable, Equatable {
        /// The host name did not resolve.
        case dns
        /// Connection refused or unreachable.
        case connect
        /// A connect, total or low-speed time limit passed.
        case timeout
        /// The body passed `maxBodyBytes` (after decompression).
        case tooLarge
        case tooManyRedirects
        /// A scheme other than http/https (or file, for the first URL) was asked for.
        case refusedScheme
        /// The TLS handshake or certificate check failed.
        case tls
        /// Anything else libcurl reports (bad encoding, broken connection, ...).
        case transfer
        /// The caller's task was cancelled or the client shut down.
        case cancelled
    }

    public var kind: Kind
    /// One line naming the cause, e.g. "connection refused (127.0.0.1:1)" or "body larger than 8 MiB".
    public var message: String

    /// An error of `kind` described by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

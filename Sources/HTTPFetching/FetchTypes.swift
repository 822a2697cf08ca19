import AddressPolicy

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
    /// Which addresses connections may reach (checked after DNS, on every hop, reused
    /// connections included), on top of what a request's `trust` exempts.
    public var addressPolicy: AddressPolicy

    /// Defaults suited to polling feeds. A total timeout or low-speed limit of 0 turns that check off.

    public init(
        maxConcurrentTransfers: Int = 16, maxTransfersPerHost: Int = 2,
        connectTimeoutSeconds: Int = 10, totalTimeoutSeconds: Int = 60,
        lowSpeedBytesPerSecond: Int = 64, lowSpeedSeconds: Int = 20,
        maxBodyBytes: Int = 8 << 20, maxRedirects: Int = 5,
        userAgent: String = "feedd", addressPolicy: AddressPolicy = AddressPolicy()
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
        self.addressPolicy = addressPolicy
    }
}

/// Who chose a URL, which decides what fetching it may reach. Every address outside the policy's
/// special-purpose ranges (or inside its allowed networks) is open to all three.
public enum FetchTrust: Sendable, Equatable {
    /// The operator wrote it (a feed's `url`, a URL given on the command line). It may be a
    /// `file:` URL; it and its redirects that stay on its host may also reach the address its
    /// host names literally (`http://127.0.0.1:8080/`), or loopback when the host is `localhost`.
    case configured
    /// A URL the configured URL `origin` led to earlier (a saved 301/308 move, a feed link on
    /// the operator's page): treated as a redirect from `origin`, so never `file:`, and the
    /// address `origin`'s host names only while on that host.
    case redirected(from: String)
    /// A stranger chose it (an item link, an article page, a canonical claim): only what the
    /// policy allows, never `file:`.
    case untrusted
}

/// One GET, conditional when validators from an earlier response are given.
public struct FetchRequest: Sendable, Equatable {
    /// http, https, or file (file only for a configured URL, never as a redirect target).
    public var url: String
    /// Who chose `url`: what the request may reach follows from it.
    public var trust: FetchTrust
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

    /// A request for `url`, chosen by whom `trust` says; conditional when validators are given.
    ///
    ///     FetchRequest(url: feed.url, trust: .configured)
    ///     FetchRequest(url: item.link, trust: .untrusted)
    public init(url: String, trust: FetchTrust, etag: String? = nil, lastModified: String? = nil, accept: String? = nil,
                maxBodyBytes: Int? = nil, totalTimeoutSeconds: Int? = nil) {
        self.url = url
        self.trust = trust
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
        /// A scheme other than http/https (or file, for a configured URL) was asked for.
        case refusedScheme
        /// A connection would have reached an address the policy refuses (private, loopback, ...).
        case refusedAddress
        /// The TLS handshake or certificate check failed.
        case tls
        /// Anything else libcurl reports (bad encoding, broken connection, ...).
        case transfer
        /// The caller's task was cancelled or the client shut down.
        case cancelled
        /// No turn at the host could be had: on a shared store, the database that hands out
        /// the per-host turns did not answer.
        case unavailable
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

/// Limits and behaviour of the HTTP client, set once from the configuration.
public struct FetchOptions: Sendable, Equatable {
    /// Transfers in flight at once, across all hosts.
    public var maxConcurrentTransfers: Int
    /// Transfers in flight at once to one host (host:port of the requested URL).
    public var maxTransfersPerHost: Int
    public var connectTimeoutSeconds: Int
    /// Whole-transfer timeout, redirects included.
    public var totalTimeoutSeconds: Int
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds` is aborted.
    public var lowSpeedBytesPerSecond: Int
    public var lowSpeedSeconds: Int
    /// Largest body accepted, counted after decompression, enforced while receiving.
    public var maxBodyBytes: Int
    public var maxRedirects: Int
    public var userAgent: String

    public init(
        maxConcurrentTransfers: Int = 32, maxTransfersPerHost: Int = 2,
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
    public var etag: String?
    public var lastModified: String?

    public init(url: String, etag: String? = nil, lastModified: String? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// One redirect that was followed.
public struct RedirectHop: Sendable, Equatable {
    public var status: Int
    public var location: String

    public init(status: Int, location: String) {
        self.status = status
        self.location = location
    }
}

/// The final response of a transfer, whatever its status (304, 404 and 503 are responses, not errors).
public struct FetchResponse: Sendable, Equatable {
    public var status: Int
    /// The URL of the final response, after redirects.
    public var effectiveURL: String
    /// Headers of the final response; names lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    /// The body, decompressed.
    public var body: [UInt8]
    public var redirects: [RedirectHop]
    /// Bytes received on the wire (compressed size when the body was compressed).
    public var wireBytes: Int
    /// Total transfer time in milliseconds.
    public var milliseconds: Int

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

    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }
    public var contentType: String? { headers["content-type"] }

    /// The URL the feed has moved to for good: set when every redirect followed was a 301 or 308.
    public var permanentlyMovedTo: String? {
        guard !redirects.isEmpty, redirects.allSatisfy({ $0.status == 301 || $0.status == 308 }) else { return nil }
        return effectiveURL
    }
}

/// Why a transfer produced no response.
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The host name did not resolve.
        case dns
        /// Connection refused or unreachable.
        case connect
        case timeout
        /// The body passed `maxBodyBytes` (after decompression).
        case tooLarge
        case tooManyRedirects
        /// A scheme other than http/https (or file, for the first URL) was asked for.
        case refusedScheme
        case tls
        /// Anything else libcurl reports (bad encoding, broken connection, ...).
        case transfer
        case cancelled
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

import CCurl
import Glibc

/// What is known about a transfer libcurl ended with an error: enough to name the cause.
struct TransferFailure {
    var code: CURLcode
    /// libcurl's detailed message (its error buffer), when it wrote one.
    var curlMessage: String?
    /// errno of the failed socket call, when there was one.
    var osErrno: Int32 = 0
    var elapsedMilliseconds = 0
    /// Whether the host name was resolved and a connection made, for telling timeouts apart.
    var resolved = true
    var connected = true
    /// `host` and `host:port` of the URL being fetched when it failed (after any redirect).
    var host = ""
    var hostPort = ""
    /// The body callback stopped the transfer because the body passed the cap.
    var bodyExceededLimit = false
    /// Location of the last redirect seen, which may be the one refused.
    var lastLocation: String?
}

extension FetchError {
    /// The error, with a message naming the cause, for a transfer that failed as `failure` says.
    init(_ failure: TransferFailure, options: FetchOptions) {
        let detail = failure.curlMessage ?? CurlGlobal.describe(failure.code)
        switch failure.code {
        case CURLE_WRITE_ERROR where failure.bodyExceededLimit, CURLE_FILESIZE_EXCEEDED:
            self.init(.tooLarge, "body larger than \(ByteCount.describe(options.maxBodyBytes))")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self.init(.dns, "could not resolve host \(failure.host)")
        case CURLE_COULDNT_CONNECT:
            self.init(.connect, "\(Self.connectFailure(errno: failure.osErrno)) (\(failure.hostPort))")
        case CURLE_OPERATION_TIMEDOUT:
            self = Self.timeout(failure, options: options)
        case CURLE_TOO_MANY_REDIRECTS:
            self.init(.tooManyRedirects, "more than \(options.maxRedirects) redirects")
        case CURLE_UNSUPPORTED_PROTOCOL:
            if let location = failure.lastLocation {
                self.init(.refusedScheme, "redirect to a refused scheme (\(location))")
            } else {
                self.init(.refusedScheme, "refused scheme (\(detail))")
            }
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED,
             CURLE_SSL_CLIENTCERT, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ENGINE_INITFAILED:
            self.init(.tls, "TLS failure: \(detail)")
        case CURLE_BAD_CONTENT_ENCODING:
            self.init(.transfer, "bad content encoding: \(detail)")
        default:
            self.init(.transfer, detail)
        }
    }

    private static func connectFailure(errno: Int32) -> String {
        switch errno {
        case ECONNREFUSED: "connection refused"
        case ENETUNREACH: "network unreachable"
        case EHOSTUNREACH: "host unreachable"
        default: "could not connect"
        }
    }

    /// libcurl reports every timeout with one code; which limit tripped follows from how far it got.
    private static func timeout(_ failure: TransferFailure, options: FetchOptions) -> FetchError {
        let totalMilliseconds = options.totalTimeoutSeconds * 1000
        if totalMilliseconds > 0, failure.elapsedMilliseconds >= totalMilliseconds - 100 {
            return FetchError(.timeout, "timed out after \(options.totalTimeoutSeconds) s")
        }
        if !failure.resolved {
            return FetchError(
                .dns, "could not resolve host \(failure.host) within \(options.connectTimeoutSeconds) s")
        }
        if !failure.connected {
            return FetchError(
                .timeout, "connect timed out after \(options.connectTimeoutSeconds) s (\(failure.hostPort))")
        }
        return FetchError(
            .timeout,
            "too slow: under \(options.lowSpeedBytesPerSecond) bytes/s for \(options.lowSpeedSeconds) s")
    }
}

import CCurl
import Glibc
@testable import HTTPFetching
import Testing

private let options = FetchOptions(
    connectTimeoutSeconds: 10, totalTimeoutSeconds: 60, lowSpeedBytesPerSecond: 64, lowSpeedSeconds: 20,
    maxBodyBytes: 8 << 20, maxRedirects: 5)

private func failure(_ code: CURLcode, _ change: (inout TransferFailure) -> Void = { _ in }) -> TransferFailure {
    var failure = TransferFailure(code: code, host: "example.com", hostPort: "example.com:80")
    change(&failure)
    return failure
}

@Test(arguments: [
    (failure(CURLE_WRITE_ERROR) { $0.bodyExceededLimit = true }, .tooLarge, "body larger than 8 MiB"),
    (failure(CURLE_FILESIZE_EXCEEDED), .tooLarge, "body larger than 8 MiB"),
    (failure(CURLE_COULDNT_RESOLVE_HOST), .dns, "could not resolve host example.com"),
    (failure(CURLE_COULDNT_CONNECT) { $0.osErrno = ECONNREFUSED }, .connect, "connection refused (example.com:80)"),
    (failure(CURLE_COULDNT_CONNECT) { $0.osErrno = EHOSTUNREACH }, .connect, "host unreachable (example.com:80)"),
    (failure(CURLE_COULDNT_CONNECT), .connect, "could not connect (example.com:80)"),
    (failure(CURLE_OPERATION_TIMEDOUT) { $0.elapsedMilliseconds = 60_001 }, .timeout, "timed out after 60 s"),
    (failure(CURLE_OPERATION_TIMEDOUT) { $0.elapsedMilliseconds = 10_000; $0.resolved = false; $0.connected = false },
     .dns, "could not resolve host example.com within 10 s"),
    (failure(CURLE_OPERATION_TIMEDOUT) { $0.elapsedMilliseconds = 10_000; $0.connected = false },
     .timeout, "connect timed out after 10 s (example.com:80)"),
    (failure(CURLE_OPERATION_TIMEDOUT) { $0.elapsedMilliseconds = 25_000 },
     .timeout, "too slow: under 64 bytes/s for 20 s"),
    (failure(CURLE_TOO_MANY_REDIRECTS), .tooManyRedirects, "more than 5 redirects"),
    (failure(CURLE_UNSUPPORTED_PROTOCOL) { $0.lastLocation = "file:///etc/passwd" },
     .refusedScheme, "redirect to a refused scheme (file:///etc/passwd)"),
    (failure(CURLE_PEER_FAILED_VERIFICATION) { $0.curlMessage = "certificate has expired" },
     .tls, "TLS failure: certificate has expired"),
    (failure(CURLE_PARTIAL_FILE) { $0.curlMessage = "transfer closed with 990 bytes remaining to read" },
     .transfer, "transfer closed with 990 bytes remaining to read"),
    (failure(CURLE_GOT_NOTHING), .transfer, "Server returned nothing (no headers, no data)"),
    (failure(CURLE_WRITE_ERROR), .transfer, "Failed writing received data to disk/application"),
] as [(TransferFailure, FetchError.Kind, String)])
func curlFailuresBecomeOneClearError(failure: TransferFailure, kind: FetchError.Kind, message: String) {
    let error = FetchError(failure, options: options)
    #expect(error.kind == kind)
    #expect(error.message == message)
}

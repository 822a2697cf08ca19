import Foundation

/// A GET through the `curl` command (installed by `scripts/install-deps.sh --test`), for tests
/// that read what a server of feedd's own answers: a real client, not one the test wrote.
public enum HTTPGet {
    /// The answer: status, `Content-Type` and body.
    public struct Response: Sendable {
        public var status: Int
        public var contentType: String
        public var body: String
    }

    /// GETs (or `method`s) `url` with the extra `headers` ("Name: value"); throws when no response
    /// came at all.
    public static func fetch(_ url: String, method: String = "GET", headers: [String] = [], timeout: Int = 60) throws -> Response {
        let directory = try TemporaryDirectory(prefix: "feedd-get")
        defer { directory.remove() }
        let body = "\(directory.path)/body"
        var command = ["curl", "-s", "-S", "-X", method, "--max-time", String(timeout), "-o", body,
                       "-w", "%{http_code} %{content_type}"]
        for header in headers { command += ["-H", header] }
        command.append(url)
        let (status, output) = try ChildProcess.run(command, timeout: .seconds(timeout + 30))
        let fields = output.split(separator: " ", maxSplits: 1)
        guard status == 0, let code = fields.first.flatMap({ Int($0) }) else {
            throw TestSupportError("GET \(url) failed: \(output)")
        }
        return Response(status: code, contentType: fields.count > 1 ? String(fields[1]) : "",
                        body: (try? String(contentsOfFile: body, encoding: .utf8)) ?? "")
    }
}

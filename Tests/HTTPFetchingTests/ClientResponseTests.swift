import Foundation
import HTTPFetching
import Testing
import TestSupport

@Suite struct ClientResponseTests {
    @Test func okResponseCarriesBodyHeadersAndSizes() async throws {
        let body = sampleBody(size: 60_000)
        try await withClient(routes: [
            "/feed.xml": { _ in .ok(body, headers: [("ETag", "\"abc\""), ("X-Custom", "  padded  ")]) }
        ]) { client, server in
            let response = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.effectiveURL == server.url("/feed.xml"))
            #expect(response.contentType == "application/rss+xml")
            #expect(response.etag == "\"abc\"")
            #expect(response.headers["x-custom"] == "padded")
            #expect(response.headers["content-length"] == "60000")
            #expect(response.redirects.isEmpty)
            #expect(response.wireBytes == body.count)
            #expect(response.milliseconds >= 0)
        }
    }

    @Test func requestCarriesUserAgentAcceptAndEveryEncoding() async throws {
        try await withClient(testOptions(userAgent: "feedd/9.9 (+https://example.org)"), routes: [
            "/feed.xml": { _ in .ok("<rss/>") }
        ]) { client, server in
            _ = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
            let request = try #require(server.requests(to: "/feed.xml").first)
            #expect(request.method == "GET")
            #expect(request.header("user-agent") == "feedd/9.9 (+https://example.org)")
            #expect(request.header("accept")?.hasPrefix("application/rss+xml, application/atom+xml") == true)
            let encodings = (request.header("accept-encoding") ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            #expect(encodings.contains("gzip"))
            #expect(encodings.contains("deflate"))
            #expect(request.header("if-none-match") == nil)
        }
    }

    @Test func conditionalGetSendsValidatorsAndGets304() async throws {
        let lastModified = "Wed, 21 Oct 2015 07:28:00 GMT"
        try await withClient(routes: [
            "/feed.xml": { request in
                if request.header("if-none-match") == "\"v1\"" || request.header("if-modified-since") == lastModified {
                    return .status(304, headers: [("ETag", "\"v1\"")])
                }
                return .ok("<rss>full</rss>", headers: [("ETag", "\"v1\""), ("Last-Modified", lastModified)])
            }
        ]) { client, server in
            let first = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
            #expect(first.status == 200)
            #expect(first.etag == "\"v1\"")
            #expect(first.lastModified == lastModified)

            let second = try await client.fetch(
                FetchRequest(url: server.url("/feed.xml"), trust: .configured, etag: first.etag, lastModified: first.lastModified))
            #expect(second.status == 304)
            #expect(second.body.isEmpty)
            let sent = try #require(server.requests(to: "/feed.xml").last)
            #expect(sent.header("if-none-match") == "\"v1\"")
            #expect(sent.header("if-modified-since") == lastModified)

            let byDate = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured, lastModified: lastModified))
            #expect(byDate.status == 304)
        }
    }

    @Test func validatorsWithLineBreaksAreNotSent() async throws {
        try await withClient(routes: ["/feed.xml": { _ in .ok("<rss/>") }]) { client, server in
            let request = FetchRequest(
                url: server.url("/feed.xml"), trust: .configured, etag: "\"a\"\r\nX-Injected: 1", lastModified: "x\nX-Other: 2")
            let response = try await client.fetch(request)
            #expect(response.status == 200)
            let sent = try #require(server.requests.first)
            #expect(sent.header("if-none-match") == nil)
            #expect(sent.header("if-modified-since") == nil)
            #expect(sent.header("x-injected") == nil)
            #expect(sent.header("x-other") == nil)
        }
    }

    @Test(arguments: ["gzip", "deflate"])
    func compressedBodiesAreDecoded(encoding: String) async throws {
        let body = sampleBody(size: 50_000)
        let compressed = encoding == "gzip" ? try TestCompression.gzip(body) : try TestCompression.deflate(body)
        try await withClient(routes: [
            "/feed.xml": { request in
                guard request.header("accept-encoding")?.contains(encoding) == true else { return .ok(body) }
                return .ok(compressed, headers: [("Content-Encoding", encoding)])
            }
        ]) { client, server in
            let response = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
            #expect(response.body == body)
            #expect(response.headers["content-encoding"] == encoding)
            #expect(response.wireBytes == compressed.count)
            #expect(response.wireBytes < body.count)
        }
    }

    @Test func corruptCompressedBodyIsAnError() async throws {
        try await withClient(routes: [
            "/feed.xml": { _ in .ok(Array("not gzip at all".utf8), headers: [("Content-Encoding", "gzip")]) }
        ]) { client, server in
            let error = await fetchError(client, server.url("/feed.xml"))
            #expect(error?.kind == .transfer)
            #expect(error?.message.hasPrefix("bad content encoding") == true)
        }
    }

    @Test(arguments: [404, 410, 429, 500, 503])
    func errorStatusesComeBackAsResponses(status: Int) async throws {
        try await withClient(routes: [
            "/feed.xml": { _ in .status(status, headers: [("Retry-After", "120")], body: "go away") }
        ]) { client, server in
            let response = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
            #expect(response.status == status)
            #expect(response.body == Array("go away".utf8))
            #expect(response.retryAfterSeconds(now: Date()) == 120)
        }
    }

    @Test func connectionsAreReusedAcrossTransfers() async throws {
        try await withClient(routes: ["/feed.xml": { _ in .ok(sampleBody(size: 5000)) }]) { client, server in
            for _ in 0..<5 {
                let response = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
                #expect(response.status == 200)
            }
            #expect(server.statistics.acceptedConnections == 1)
            #expect(server.requests.count == 5)
        }
    }

    @Test func fileURLIsRead() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/feed.xml"
        let body = sampleBody(size: 20_000)
        try Data(body).write(to: URL(fileURLWithPath: path))
        let client = try HTTPClient(options: testOptions())
        defer { client.shutdown() }

        let response = try await client.fetch(FetchRequest(url: "file://" + path, trust: .configured))
        #expect(response.status == 200)
        #expect(response.body == body)

        let missing = await fetchError(client, "file://" + directory.path + "/missing.xml")
        #expect(missing?.kind == .transfer)
    }

    @Test func oversizeFileIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/big.xml"
        try Data(sampleBody(size: 3000)).write(to: URL(fileURLWithPath: path))
        let client = try HTTPClient(options: testOptions(maxBodyBytes: 1000))
        defer { client.shutdown() }
        #expect(await fetchError(client, "file://" + path)?.kind == .tooLarge)
    }
}

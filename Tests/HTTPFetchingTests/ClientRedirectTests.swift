import HTTPFetching
import Testing
import TestSupport

@Suite struct ClientRedirectTests {
    @Test(arguments: [
        ([301], true), ([308], true), ([301, 308], true), ([302], false), ([307], false), ([301, 302], false),
        ([302, 301], false),
    ])
    func permanentMoveOnlyWhenEveryHopIsPermanent(statuses: [Int], permanent: Bool) async throws {
        var routes: [String: TestHTTPServer.Handler] = ["/final": { _ in .ok("<rss/>") }]
        for (index, status) in statuses.enumerated() {
            let next = index + 1 < statuses.count ? "/hop\(index + 1)" : "/final"
            routes["/hop\(index)"] = { _ in .redirect(status, to: next) }
        }
        try await withClient(routes: routes) { client, server in
            let response = try await client.fetch(FetchRequest(url: server.url("/hop0"), trust: .configured))
            #expect(response.status == 200)
            #expect(response.effectiveURL == server.url("/final"))
            #expect(response.redirects.map(\.status) == statuses)
            #expect(response.redirects.last?.location == "/final")
            #expect(response.permanentlyMovedTo == (permanent ? server.url("/final") : nil))
            #expect(response.body == Array("<rss/>".utf8))
        }
    }

    @Test func redirectLoopIsTooManyRedirects() async throws {
        try await withClient(testOptions(maxRedirects: 4), routes: [
            "/a": { _ in .redirect(302, to: "/b") },
            "/b": { _ in .redirect(302, to: "/a") },
        ]) { client, server in
            let error = await fetchError(client, server.url("/a"))
            #expect(error?.kind == .tooManyRedirects)
            #expect(error?.message == "more than 4 redirects")
            #expect(server.requests.count == 5)
        }
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://127.0.0.1/"])
    func redirectToAnotherSchemeIsRefused(target: String) async throws {
        try await withClient(routes: ["/evil": { _ in .redirect(302, to: target) }]) { client, server in
            let error = await fetchError(client, server.url("/evil"))
            #expect(error?.kind == .refusedScheme)
            #expect(error?.message.contains(target) == true)
            #expect(error?.message.contains("root:") == false)
        }
    }

    @Test func requestedURLWithAnotherSchemeIsRefused() async throws {
        let client = try HTTPClient(options: testOptions())
        defer { client.shutdown() }
        let error = await fetchError(client, "ftp://127.0.0.1/feed.xml")
        #expect(error?.kind == .refusedScheme)
    }
}

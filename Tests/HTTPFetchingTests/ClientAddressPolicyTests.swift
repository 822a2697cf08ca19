import AddressPolicy
import HTTPFetching
import Testing
import TestSupport

/// The address policy against real servers on loopback addresses: a URL the operator configured
/// may reach the address its host names; anything else only what the policy allows.
@Suite struct ClientAddressPolicyTests {
    private static let hint = "; allow it with [http] allow_networks"

    private func allowing(_ networks: String...) throws -> FetchOptions {
        testOptions(addressPolicy: AddressPolicy(allowing: try networks.map { try IPNetwork(parsing: $0) }))
    }

    @Test func configuredLoopbackURLIsReachableAndAStrangersIsNot() async throws {
        try await withClient(routes: ["/feed.xml": { _ in .ok("<rss/>") }]) { client, server in
            let error = await fetchError(client, server.url("/feed.xml"), trust: .untrusted)
            #expect(error == FetchError(.refusedAddress, "address 127.0.0.1 is loopback" + Self.hint))
            // Refused before connecting: the server never saw a connection.
            #expect(server.statistics.acceptedConnections == 0)
            let response = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
            #expect(response.status == 200)
        }
    }

    @Test func allowedNetworksOpenLoopbackToStrangersURLs() async throws {
        try await withClient(try allowing("127.0.0.0/8"), routes: ["/page": { _ in .ok("page") }]) { client, server in
            let response = try await client.fetch(FetchRequest(url: server.url("/page"), trust: .untrusted))
            #expect(response.status == 200)
        }
    }

    @Test func redirectFromAllowedLoopbackToAnotherIsRefusedUnseen() async throws {
        let other = try TestHTTPServer(address: "127.0.0.2", routes: ["/secret": { _ in .ok("secret") }])
        defer { other.stop() }
        let target = other.url("/secret")
        try await withClient(routes: ["/feed.xml": { _ in .redirect(301, to: target) }]) { client, server in
            let error = await fetchError(client, server.url("/feed.xml"))
            #expect(error == FetchError(.refusedAddress, "address 127.0.0.2 is loopback" + Self.hint))
            #expect(server.requests.count == 1)
            #expect(other.requests.isEmpty)
            #expect(other.statistics.acceptedConnections == 0)
        }
    }

    @Test func allowedNetworksLetTheRedirectThrough() async throws {
        let other = try TestHTTPServer(address: "127.0.0.2", routes: ["/feed.xml": { _ in .ok("<rss/>") }])
        defer { other.stop() }
        let target = other.url("/feed.xml")
        try await withClient(try allowing("127.0.0.2"), routes: ["/old": { _ in .redirect(301, to: target) }]) { client, server in
            let response = try await client.fetch(FetchRequest(url: server.url("/old"), trust: .configured))
            #expect(response.status == 200)
            #expect(response.permanentlyMovedTo == target)
            #expect(other.requests.count == 1)
        }
    }

    @Test func sameHostRedirectsKeepTheConfiguredExemption() async throws {
        try await withClient(routes: [
            "/old": { _ in .redirect(301, to: "/new") },
            "/new": { _ in .ok("<rss/>") },
        ]) { client, server in
            let response = try await client.fetch(FetchRequest(url: server.url("/old"), trust: .configured))
            #expect(response.status == 200)
            #expect(response.effectiveURL == server.url("/new"))
        }
    }

    /// `localhost` resolves to loopback: a name reached by a redirect earns nothing, even when it
    /// resolves to the very address the configured URL names.
    @Test func redirectToANameThatResolvesToLoopbackIsRefused() async throws {
        try await withClient(routes: ["/feed.xml": { _ in .ok("<rss/>") }]) { client, server in
            server.route("/jump") { _ in .redirect(302, to: "http://localhost:\(server.port)/feed.xml") }
            let error = await fetchError(client, server.url("/jump"))
            #expect(error?.kind == .refusedAddress)
            #expect(error?.message.hasSuffix("is loopback" + Self.hint) == true)
            #expect(server.requests(to: "/feed.xml").isEmpty)
        }
    }

    @Test func strangersURLNamingLocalhostIsRefusedAndTheOperatorsIsNot() async throws {
        try await withClient(routes: ["/feed.xml": { _ in .ok("<rss/>") }]) { client, server in
            let url = "http://localhost:\(server.port)/feed.xml"
            let error = await fetchError(client, url, trust: .untrusted)
            #expect(error?.kind == .refusedAddress)
            #expect(server.requests.isEmpty)
            // Configured, localhost may reach loopback (libcurl falls back from ::1 to 127.0.0.1).
            let response = try await client.fetch(FetchRequest(url: url, trust: .configured))
            #expect(response.status == 200)
        }
    }

    @Test func allowedNetworksLetALoopbackNameThrough() async throws {
        try await withClient(try allowing("127.0.0.0/8", "::1"), routes: ["/feed.xml": { _ in .ok("<rss/>") }]) { client, server in
            let response = try await client.fetch(
                FetchRequest(url: "http://localhost:\(server.port)/feed.xml", trust: .untrusted))
            #expect(response.status == 200)
        }
    }

    /// A connection opened for the operator's URL stays open for reuse; a stranger's request for
    /// the same host:port must not ride on it (the pre-request check sees reused connections).
    @Test func reusedConnectionDoesNotCarryAnUntrustedRequest() async throws {
        try await withClient(routes: ["/feed.xml": { _ in .ok("<rss/>") }, "/item": { _ in .ok("item") }]) { client, server in
            _ = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
            _ = try await client.fetch(FetchRequest(url: server.url("/feed.xml"), trust: .configured))
            // The premise: the second request went out on the first one's connection.
            #expect(server.statistics.acceptedConnections == 1)
            let error = await fetchError(client, server.url("/item"), trust: .untrusted)
            #expect(error == FetchError(.refusedAddress, "address 127.0.0.1 is loopback" + Self.hint))
            #expect(server.requests(to: "/item").isEmpty)
            #expect(server.statistics.acceptedConnections == 1)
        }
    }

    /// A saved move is checked as a redirect from the configured URL: the address the configured
    /// host names only while on that host, never a file: URL.
    @Test func savedMoveIsCheckedAsARedirect() async throws {
        let other = try TestHTTPServer(address: "127.0.0.2", routes: ["/feed.xml": { _ in .ok("<rss/>") }])
        defer { other.stop() }
        try await withClient(routes: ["/new.xml": { _ in .ok("<rss/>") }]) { client, server in
            let configured = server.url("/old.xml")
            let sameHost = try await client.fetch(
                FetchRequest(url: server.url("/new.xml"), trust: .redirected(from: configured)))
            #expect(sameHost.status == 200)
            let otherHost = await fetchError(client, other.url("/feed.xml"), trust: .redirected(from: configured))
            #expect(otherHost?.kind == .refusedAddress)
            #expect(other.requests.isEmpty)
            let file = await fetchError(client, "file:///etc/passwd", trust: .redirected(from: configured))
            #expect(file?.kind == .refusedScheme)
        }
    }

    @Test func strangersFileURLIsRefused() async throws {
        let client = try HTTPClient(options: testOptions())
        defer { client.shutdown() }
        let error = await fetchError(client, "file:///etc/passwd", trust: .untrusted)
        #expect(error == FetchError(.refusedScheme, "refused scheme file: (only for a configured feed URL)"))
    }

    @Test func redirectOfAStrangersURLToFileIsRefused() async throws {
        try await withClient(try allowing("127.0.0.0/8"), routes: ["/evil": { _ in .redirect(302, to: "file:///etc/passwd") }]) { client, server in
            let error = await fetchError(client, server.url("/evil"), trust: .untrusted)
            #expect(error?.kind == .refusedScheme)
        }
    }
}

import AddressPolicy
import Testing

@Suite struct AddressClassificationTests {
    /// Every range the default policy refuses, at its edges, and public neighbours that it does not.
    @Test(arguments: [
        ("0.0.0.0", AddressCategory.unspecified), ("0.255.255.255", .unspecified),
        ("10.0.0.0", .private), ("10.255.255.255", .private),
        ("100.64.0.0", .sharedCGNAT), ("100.127.255.255", .sharedCGNAT),
        ("127.0.0.1", .loopback), ("127.255.255.254", .loopback),
        ("169.254.169.254", .linkLocal),
        ("172.16.0.0", .private), ("172.31.255.255", .private),
        ("192.0.0.8", .reserved), ("192.0.2.1", .reserved), ("192.88.99.1", .reserved),
        ("192.168.0.1", .private), ("192.168.255.255", .private),
        ("198.18.0.1", .reserved), ("198.19.255.255", .reserved),
        ("198.51.100.7", .reserved), ("203.0.113.7", .reserved),
        ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("240.0.0.1", .reserved), ("255.255.255.254", .reserved),
        ("255.255.255.255", .broadcast),
        ("::", .unspecified), ("::1", .loopback),
        ("fc00::1", .private), ("fd12:3456::1", .private), ("fec0::1", .private),
        ("fe80::1", .linkLocal), ("febf::1", .linkLocal),
        ("ff02::1", .multicast),
        ("64:ff9b:1::a00:1", .private),
        ("100::1", .reserved), ("2001:db8::1", .reserved), ("2001:10::1", .reserved), ("3fff::1", .reserved),
        ("4000::1", .reserved), ("::2:0:0:1", .reserved), ("1::", .reserved),
        // IPv4 addresses carried in IPv6 take their category.
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.0.0.1", .private), ("::ffff:169.254.169.254", .linkLocal),
        ("::ffff:0.0.0.0", .unspecified), ("::ffff:255.255.255.255", .broadcast), ("::ffff:100.64.0.1", .sharedCGNAT),
        ("::127.0.0.1", .loopback), ("::10.0.0.1", .private), ("::8.8.8.8", .reserved),
        ("64:ff9b::10.0.0.1", .private), ("64:ff9b::169.254.169.254", .linkLocal), ("64:ff9b::127.0.0.1", .loopback),
        ("2002:a00:1::", .private), ("2002:7f00:1::1", .loopback), ("2002:a9fe:a9fe::", .linkLocal),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", .private),  // Teredo client 10.0.0.1, inverted
    ])
    func refusedByDefault(address: String, category: AddressCategory) throws {
        let parsed = try #require(IPAddress(address))
        #expect(AddressClassification.category(of: parsed) == category)
        #expect(AddressPolicy().refusal(for: parsed)?.category == category)
    }

    @Test(arguments: [
        "1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
        "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.0", "192.167.255.255",
        "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255", "93.184.216.34",
        "2001:4860:4860::8888", "2a00:1450:4001:80b::200e", "2606:4700::1111",
        "::ffff:93.184.216.34", "64:ff9b::93.184.216.34", "2002:5db8:d822::1",
        "2001:0:4136:e378:8000:63bf:a247:27dd",  // Teredo client 93.184.216.34 (inverted)
    ])
    func publicAddressesAreAllowed(address: String) throws {
        let parsed = try #require(IPAddress(address))
        #expect(AddressClassification.category(of: parsed) == nil)
        #expect(AddressPolicy().refusal(for: parsed) == nil)
    }
}

@Suite struct AddressPolicyTests {
    @Test(arguments: [
        (["127.0.0.0/8"], "127.0.0.1", true), (["127.0.0.0/8"], "127.0.0.2", true),
        (["127.0.0.1"], "127.0.0.2", false),
        (["127.0.0.0/8"], "::ffff:127.0.0.1", true), (["127.0.0.0/8"], "::1", false),
        (["::1"], "::1", true), (["::1"], "127.0.0.1", false),
        (["10.1.0.0/16"], "10.1.2.3", true), (["10.1.0.0/16"], "10.2.0.1", false),
        (["10.1.0.0/16"], "2002:a01:203::", true),  // 6to4 of 10.1.2.3
        (["10.1.0.0/16"], "64:ff9b::10.1.2.3", true),
        (["fd00::/8"], "fd00::5", true), (["fd00::/8"], "fc00::5", false),
        (["0.0.0.0/0", "::/0"], "169.254.169.254", true), (["0.0.0.0/0", "::/0"], "fe80::1", true),
        ([], "8.8.8.8", true), (["10.0.0.0/8"], "8.8.8.8", true),
    ])
    func allowedNetworksOpenTheirAddresses(networks: [String], address: String, allowed: Bool) throws {
        let policy = AddressPolicy(allowing: try networks.map { try IPNetwork(parsing: $0) })
        #expect((policy.refusal(for: try #require(IPAddress(address))) == nil) == allowed)
    }

    @Test(arguments: [
        ("10.0.0.1", "address 10.0.0.1 is private"),
        ("169.254.169.254", "address 169.254.169.254 is link-local"),
        ("100.64.0.1", "address 100.64.0.1 is shared (CGNAT)"),
        ("::1", "address ::1 is loopback"),
        ("::ffff:10.0.0.1", "address ::ffff:10.0.0.1 is private"),
        ("2002:a00:1::", "address 2002:a00:1:: is private (6to4 of 10.0.0.1)"),
        ("64:ff9b::a9fe:a9fe", "address 64:ff9b::a9fe:a9fe is link-local (NAT64 of 169.254.169.254)"),
        ("::a00:1", "address ::a00:1 is private (IPv4-compatible of 10.0.0.1)"),
        ("0.0.0.0", "address 0.0.0.0 is unspecified"),
        ("255.255.255.255", "address 255.255.255.255 is broadcast"),
        ("ff02::1", "address ff02::1 is multicast"),
    ])
    func refusalsNameAddressAndCategory(address: String, message: String) throws {
        let parsed = try #require(IPAddress(address))
        let refusal = try #require(AddressPolicy().refusal(for: parsed))
        #expect(refusal.description == message)
    }
}

@Suite struct AddressExemptionTests {
    @Test(arguments: [
        ("127.0.0.1", "127.0.0.1", true), ("127.0.0.1", "127.0.0.2", false), ("127.0.0.1", "::1", false),
        ("[::1]", "::1", true), ("[::1]", "127.0.0.1", false),
        ("10.0.0.5", "10.0.0.5", true), ("10.0.0.5", "::ffff:10.0.0.5", true), ("10.0.0.5", "10.0.0.6", false),
        ("localhost", "127.0.0.1", true), ("LocalHost", "127.0.0.53", true), ("localhost", "::1", true),
        ("localhost", "10.0.0.1", false), ("localhost.", "::1", true),
    ])
    func literalHostsAndLocalhostCoverWhatTheyName(host: String, address: String, covered: Bool) throws {
        let exemption = try #require(AddressExemption(host: host))
        #expect(exemption.covers(try #require(IPAddress(address))) == covered)
    }

    @Test(arguments: ["feeds.example", "intranet", "localhost.example", "127.0.0.1.nip.io", "127.1", ""])
    func namesThatNeedDNSEarnNothing(host: String) {
        #expect(AddressExemption(host: host) == nil)
    }
}

import AddressPolicy
import Testing

@Suite struct IPAddressTests {
    /// Text in, the canonical text out (RFC 5952 for IPv6).
    @Test(arguments: [
        ("127.0.0.1", "127.0.0.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),  // one zero group is not shortened
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),  // the longer run is
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),  // the first of equal runs is
        ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
        ("::ffff:a00:1", "::ffff:10.0.0.1"),
        ("::10.0.0.1", "::a00:1"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("fe80::1:2:3:4", "fe80::1:2:3:4"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
    ])
    func parsesAndFormats(text: String, canonical: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == canonical)
        #expect(IPAddress(canonical) == address)
    }

    @Test(arguments: [
        "", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.04", "1.2.3.-4", "1..3.4", "127.1",
        "0x7f.0.0.1", "2130706433", " 1.2.3.4", "1.2.3.4 ", "localhost", ":", ":::", "1:2", "1::2::3", ":1::",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8:9", "12345::", "g::", "::1%eth0", "[::1]", "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3", "::1.2.3.4:5", "1:",
    ])
    func refusesAnythingElse(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func readsSocketAddressBytes() {
        #expect(IPAddress(bytes: [10, 0, 0, 1]) == IPAddress("10.0.0.1"))
        #expect(IPAddress(bytes: [UInt8](repeating: 0, count: 15) + [1]) == IPAddress("::1"))
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }

    @Test func familiesDiffer() {
        // 0.0.0.1 and ::1 have the same value but are different addresses.
        #expect(IPAddress("0.0.0.1") != IPAddress("::1"))
        #expect(IPAddress("::ffff:1.2.3.4")?.mappedIPv4 == IPAddress("1.2.3.4"))
        #expect(IPAddress("::1.2.3.4")?.mappedIPv4 == nil)
    }
}

@Suite struct IPNetworkTests {
    @Test(arguments: [
        ("10.1.0.0/16", "10.1.0.0/16"),
        ("127.0.0.0/8", "127.0.0.0/8"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("10.0.0.7", "10.0.0.7/32"),
        ("fd00::/8", "fd00::/8"),
        ("::/0", "::/0"),
        ("2001:db8::1", "2001:db8::1/128"),
    ])
    func parses(text: String, canonical: String) throws {
        #expect(try IPNetwork(parsing: text).description == canonical)
    }

    @Test(arguments: [
        ("10.1.2.3/16", "10.1.2.3/16 has host bits set (did you mean 10.1.0.0/16?)"),
        ("10.0.0.0/33", "prefix length 33 is not from 0 to 32"),
        ("fd00::/129", "prefix length 129 is not from 0 to 128"),
        ("10.0.0.0/", "\"\" is not a prefix length"),
        ("10.0.0.0/-1", "\"-1\" is not a prefix length"),
        ("10.0.0.0/8/8", "\"8/8\" is not a prefix length"),
        ("10.0.0.0/0x8", "\"0x8\" is not a prefix length"),
        ("intranet/8", "\"intranet\" is not an IPv4 or IPv6 address"),
        ("", "\"\" is not an IPv4 or IPv6 address"),
        ("fd00::1/8", "fd00::1/8 has host bits set (did you mean fd00::/8?)"),
    ])
    func refuses(text: String, message: String) {
        #expect(throws: IPNetwork.SyntaxError(message: message)) { try IPNetwork(parsing: text) }
    }

    @Test(arguments: [
        ("10.1.0.0/16", "10.1.0.0", true), ("10.1.0.0/16", "10.1.255.255", true),
        ("10.1.0.0/16", "10.2.0.0", false), ("10.1.0.0/16", "10.0.255.255", false),
        ("0.0.0.0/0", "203.0.113.9", true), ("0.0.0.0/0", "::1", false),
        ("127.0.0.0/8", "::ffff:127.0.0.1", false),  // the policy, not the network, handles mapped forms
        ("fd00::/8", "fd12::1", true), ("fd00::/8", "fc00::1", false),
        ("::/0", "2001:db8::1", true), ("::/0", "10.0.0.1", false),
        ("10.0.0.7", "10.0.0.7", true), ("10.0.0.7", "10.0.0.8", false),
    ])
    func contains(network: String, address: String, expected: Bool) throws {
        let parsed = try IPNetwork(parsing: network)
        #expect(parsed.contains(try #require(IPAddress(address))) == expected)
    }
}

/// A kind of address that no stranger's URL should reach: what the machine itself, its networks
/// and its provider's network answer on, or addresses that route nowhere on the internet.
public enum AddressCategory: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 127.0.0.0/8, ::1.
    case loopback
    /// 10/8, 172.16/12, 192.168/16, unique-local fc00::/7, deprecated site-local fec0::/10,
    /// local-use NAT64 64:ff9b:1::/48.
    case `private`
    /// 169.254/16 (where cloud metadata services answer), fe80::/10.
    case linkLocal
    /// 100.64/10, shared between a provider's customers behind carrier-grade NAT.
    case sharedCGNAT
    /// 0.0.0.0/8 and :: (Linux connects 0.0.0.0 to the machine itself).
    case unspecified
    /// 224/4, ff00::/8.
    case multicast
    /// 255.255.255.255.
    case broadcast
    /// Documentation, benchmarking and protocol-assignment ranges, 240/4, and IPv6 outside
    /// global unicast 2000::/3: nothing a feed should live on.
    case reserved

    /// The word for messages: "address 10.0.0.1 is private".
    public var description: String {
        switch self {
        case .loopback: "loopback"
        case .private: "private"
        case .linkLocal: "link-local"
        case .sharedCGNAT: "shared (CGNAT)"
        case .unspecified: "unspecified"
        case .multicast: "multicast"
        case .broadcast: "broadcast"
        case .reserved: "reserved"
        }
    }
}

/// Where an address falls among the special-purpose ranges (IANA's IPv4 and IPv6
/// special-purpose registries, RFC 6890 and successors).
public enum AddressClassification {
    /// How an IPv6 address carries an IPv4 one that decides what it reaches.
    public enum Embedding: String, Sendable, Hashable {
        /// ::ffff:0:0/96: the socket talks IPv4 to the embedded address.
        case mapped = "IPv4-mapped"
        /// ::/96 (deprecated): routed as the embedded address by stacks that still know it.
        case compatible = "IPv4-compatible"
        /// 64:ff9b::/96: a NAT64 gateway forwards to the embedded address.
        case nat64 = "NAT64"
        /// 2002::/16: a 6to4 relay forwards to the embedded address.
        case sixToFour = "6to4"
        /// 2001::/32: a Teredo relay forwards to the (inverted) client address.
        case teredo = "Teredo"
    }

    /// The category of `address`, nil for an ordinary public address. An IPv6 address that
    /// embeds an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) takes the embedded address's
    /// category; an IPv4-compatible address of a public IPv4 address is `.reserved`.
    public static func category(of address: IPAddress) -> AddressCategory? {
        if let (embedded, embedding) = embeddedIPv4(in: address) {
            let category = category(of: embedded)
            return category == nil && embedding == .compatible ? .reserved : category
        }
        let table = address.family == .v4 ? ipv4Table : ipv6Table
        if let (_, category) = table.first(where: { $0.network.contains(address) }) { return category }
        // Only 2000::/3 is global unicast; the rest of the IPv6 space is unassigned or special.
        if address.family == .v6, address.bits >> 125 != 1 { return .reserved }
        return nil
    }

    /// The IPv4 address an IPv6 address carries and how, when it carries one.
    public static func embeddedIPv4(in address: IPAddress) -> (IPAddress, Embedding)? {
        guard address.family == .v6 else { return nil }
        let bits = address.bits
        let low32 = UInt32(truncatingIfNeeded: bits)
        if bits >> 32 == 0xffff { return (IPAddress(v4: low32), .mapped) }
        // :: and ::1 are IPv6's own unspecified and loopback addresses, not IPv4-compatible ones.
        if bits >> 32 == 0, bits > 1 { return (IPAddress(v4: low32), .compatible) }
        if bits >> 32 == 0x0064_ff9b_0000_0000_0000_0000 { return (IPAddress(v4: low32), .nat64) }
        if bits >> 112 == 0x2002 { return (IPAddress(v4: UInt32(truncatingIfNeeded: bits >> 80)), .sixToFour) }
        if bits >> 96 == 0x2001_0000 { return (IPAddress(v4: ~low32), .teredo) }
        return nil
    }

    /// Longest prefixes first where ranges nest (255.255.255.255 inside 240/4).
    private static let ipv4Table: [(network: IPNetwork, category: AddressCategory)] = [
        ("0.0.0.0", 8, .unspecified),
        ("10.0.0.0", 8, .private),
        ("100.64.0.0", 10, .sharedCGNAT),
        ("127.0.0.0", 8, .loopback),
        ("169.254.0.0", 16, .linkLocal),
        ("172.16.0.0", 12, .private),
        ("192.0.0.0", 24, .reserved),  // IETF protocol assignments
        ("192.0.2.0", 24, .reserved),  // documentation
        ("192.88.99.0", 24, .reserved),  // 6to4 relay anycast, deprecated
        ("192.168.0.0", 16, .private),
        ("198.18.0.0", 15, .reserved),  // benchmarking
        ("198.51.100.0", 24, .reserved),  // documentation
        ("203.0.113.0", 24, .reserved),  // documentation
        ("224.0.0.0", 4, .multicast),
        ("255.255.255.255", 32, .broadcast),
        ("240.0.0.0", 4, .reserved),
    ].map(entry)

    /// Embedded IPv4 forms are handled before this table.
    private static let ipv6Table: [(network: IPNetwork, category: AddressCategory)] = [
        ("::", 128, .unspecified),
        ("::1", 128, .loopback),
        ("64:ff9b:1::", 48, .private),  // local-use NAT64: the operator's own translator
        ("100::", 64, .reserved),  // discard-only
        ("2001:db8::", 32, .reserved),  // documentation
        ("2001:10::", 28, .reserved),  // ORCHID
        ("2001:20::", 28, .reserved),  // ORCHIDv2
        ("3fff::", 20, .reserved),  // documentation
        ("fc00::", 7, .private),  // unique-local
        ("fe80::", 10, .linkLocal),
        ("fec0::", 10, .private),  // site-local, deprecated but still routed inside some networks
        ("ff00::", 8, .multicast),
    ].map(entry)

    private static func entry(_ row: (String, Int, AddressCategory)) -> (network: IPNetwork, category: AddressCategory) {
        // The table's addresses are literals known to parse; a typo would show in the tests.
        let address = IPAddress(row.0) ?? IPAddress(v6: 0)
        return (IPNetwork(trusted: address, prefixLength: row.1), row.2)
    }
}

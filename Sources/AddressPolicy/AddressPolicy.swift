/// Which addresses a connection may reach: every public address, and of the special-purpose
/// ones (loopback, private, link-local, ...) only those inside the operator's allowed networks.
///
/// Pure and cheap: the HTTP client asks it about the address each connection actually uses,
/// after DNS and on every redirect hop.
public struct AddressPolicy: Sendable, Equatable {
    /// Networks reachable whatever their category (`[http] allow_networks`).
    public var allowedNetworks: [IPNetwork]

    /// A policy that refuses every special-purpose address outside `allowedNetworks`.
    public init(allowing allowedNetworks: [IPNetwork] = []) {
        self.allowedNetworks = allowedNetworks
    }

    /// Nil when `address` may be reached; else why not. An allowed network also admits the IPv6
    /// forms that embed one of its IPv4 addresses (`127.0.0.0/8` admits `::ffff:127.0.0.1`).
    public func refusal(for address: IPAddress) -> AddressRefusal? {
        let embedded = AddressClassification.embeddedIPv4(in: address)
        if isAllowed(address) || embedded.map({ isAllowed($0.0) }) == true { return nil }
        guard let category = AddressClassification.category(of: address) else { return nil }
        return AddressRefusal(address: address, category: category, embedded: embedded)
    }

    /// Whether `address` lies in one of the allowed networks.
    public func isAllowed(_ address: IPAddress) -> Bool {
        allowedNetworks.contains { $0.contains(address) }
    }
}

/// Why the policy refused an address, in words for the log.
public struct AddressRefusal: Sendable, Equatable, CustomStringConvertible {
    /// The address the connection would have used.
    public let address: IPAddress
    public let category: AddressCategory
    /// The IPv4 address an IPv6 address carries, which decided the category.
    public let embedded: (address: IPAddress, embedding: AddressClassification.Embedding)?

    public init(address: IPAddress, category: AddressCategory,
                embedded: (IPAddress, AddressClassification.Embedding)? = nil) {
        self.address = address
        self.category = category
        self.embedded = embedded.map { (address: $0.0, embedding: $0.1) }
    }

    /// "address 10.0.0.1 is private", "address 2002:a00:1:: is private (6to4 of 10.0.0.1)".
    public var description: String {
        var text = "address \(address) is \(category)"
        if let embedded, embedded.embedding != .mapped {
            text += " (\(embedded.embedding.rawValue) of \(embedded.address))"
        }
        return text
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.address == rhs.address && lhs.category == rhs.category
            && lhs.embedded?.address == rhs.embedded?.address && lhs.embedded?.embedding == rhs.embedded?.embedding
    }
}

/// What a URL the operator configured may reach besides what the policy allows: the address its
/// host names literally, or the loopback addresses when its host is `localhost`. A host name that
/// needs DNS earns nothing: what it resolves to is not what the operator wrote.
public enum AddressExemption: Sendable, Hashable {
    /// The host is this literal address.
    case address(IPAddress)
    /// The host is `localhost`.
    case loopback

    /// The exemption a URL host earns (`127.0.0.1`, `[::1]`, `localhost`); nil for other names.
    public init?(host: String) {
        var text = Substring(host)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let address = IPAddress(text) {
            self = .address(address)
        } else if ["localhost", "localhost."].contains(text.lowercased()) {
            self = .loopback
        } else {
            return nil
        }
    }

    /// Whether a connection to `address` is the one the host names.
    public func covers(_ address: IPAddress) -> Bool {
        switch self {
        case .address(let named):
            address == named || address.mappedIPv4 == named
        case .loopback:
            AddressClassification.category(of: address) == .loopback
        }
    }
}

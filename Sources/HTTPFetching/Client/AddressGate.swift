import AddressPolicy

/// Decides, for one transfer, whether a connection may use the address it is about to use (or,
/// for a reused connection, already uses): the policy's answer, unless the request's exemption
/// covers the address and the transfer is still on the exempt host.
struct AddressGate {
    let policy: AddressPolicy
    let exemption: HostExemption?

    /// Nil when `address` may be used. `currentHost` gives the host of the hop being connected;
    /// it is asked only when the policy refuses and the exemption covers the address.
    func refusal(for address: IPAddress, currentHost: () -> String?) -> AddressRefusal? {
        guard let refusal = policy.refusal(for: address) else { return nil }
        if let exemption, exemption.addresses.covers(address), currentHost()?.lowercased() == exemption.host {
            return nil
        }
        return refusal
    }
}

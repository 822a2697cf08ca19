/// A network in CIDR notation, `10.1.0.0/16` or `fd00::/8`; a bare address is a network of one.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the network (its host bits are zero).
    public let address: IPAddress
    /// How many leading bits every address of the network shares.
    public let prefixLength: Int

    /// Why a network was not accepted, in words for a config error.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String

        /// An error that says `message`.
        public init(message: String) {
            self.message = message
        }

        public var description: String { message }
    }

    /// The network of `address` and the `prefixLength` bits before it.
    public init(_ address: IPAddress, prefixLength: Int) throws(SyntaxError) {
        guard (0...address.bitWidth).contains(prefixLength) else {
            throw SyntaxError(message: "prefix length \(prefixLength) is not from 0 to \(address.bitWidth)")
        }
        let base = IPNetwork(trusted: address, prefixLength: prefixLength)
        guard base.address == address else {
            throw SyntaxError(message: "\(address)/\(prefixLength) has host bits set (did you mean \(base)?)")
        }
        self = base
    }

    /// Parses `a.b.c.d/n`, `x:y::/n`, or a bare address.
    public init(parsing text: String) throws(SyntaxError) {
        let pieces = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(pieces[0]) else {
            throw SyntaxError(message: "\"\(pieces[0])\" is not an IPv4 or IPv6 address")
        }
        var prefixLength = address.bitWidth
        if pieces.count == 2 {
            let digits = pieces[1]
            guard !digits.isEmpty, digits.count <= 3, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let number = Int(digits)
            else {
                throw SyntaxError(message: "\"\(digits)\" is not a prefix length")
            }
            prefixLength = number
        }
        try self.init(address, prefixLength: prefixLength)
    }

    /// For the built-in tables: the host bits of `address` are cleared, not checked.
    init(trusted address: IPAddress, prefixLength: Int) {
        self.prefixLength = prefixLength
        let masked = address.bits & Self.mask(width: address.bitWidth, prefixLength: prefixLength)
        self.address = address.family == .v4 ? IPAddress(v4: UInt32(masked)) : IPAddress(v6: masked)
    }

    /// Whether `candidate` is in the network; an address of the other family never is.
    public func contains(_ candidate: IPAddress) -> Bool {
        candidate.family == address.family
            && candidate.bits & Self.mask(width: address.bitWidth, prefixLength: prefixLength) == address.bits
    }

    /// `10.1.0.0/16`.
    public var description: String { "\(address)/\(prefixLength)" }

    private static func mask(width: Int, prefixLength: Int) -> UInt128 {
        guard prefixLength > 0 else { return 0 }
        let ones: UInt128 = width == 128 ? .max : (1 << width) - 1
        return ones & ~(ones >> prefixLength)
    }
}

/// An IPv4 or IPv6 address, read from text (strictly: dotted quads with no leading zeros, RFC 4291
/// text for IPv6, no zone) or from the bytes of a socket address.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Which protocol the address belongs to.
    public enum Family: Sendable, Hashable {
        case v4, v6
    }

    public let family: Family
    /// The address, right-aligned: an IPv4 address uses the low 32 bits.
    public let bits: UInt128

    /// The IPv4 address whose value is `value` (`0x7f000001` is 127.0.0.1).
    public init(v4 value: UInt32) {
        family = .v4
        bits = UInt128(value)
    }

    /// The IPv6 address whose value is `value`.
    public init(v6 value: UInt128) {
        family = .v6
        bits = value
    }

    /// An address from network-order bytes: 4 for IPv4, 16 for IPv6; nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        let value = bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
        if bytes.count == 4 { self.init(v4: UInt32(value)) } else { self.init(v6: value) }
    }

    /// Parses `127.0.0.1` or `::1` (no brackets, no zone); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        if bytes.contains(UInt8(ascii: ":")) {
            guard let value = Self.parseV6(bytes[...]) else { return nil }
            self.init(v6: value)
        } else {
            guard let value = Self.parseV4(bytes[...]) else { return nil }
            self.init(v4: value)
        }
    }

    /// Bits in the address: 32 or 128.
    public var bitWidth: Int { family == .v4 ? 32 : 128 }

    /// The IPv4 address `::ffff:a.b.c.d` maps, when this is one.
    public var mappedIPv4: IPAddress? {
        guard family == .v6, bits >> 32 == 0xffff else { return nil }
        return IPAddress(v4: UInt32(truncatingIfNeeded: bits))
    }

    /// Dotted quad, or RFC 5952 text (lower case, the longest run of zero groups shortened,
    /// IPv4-mapped addresses as `::ffff:a.b.c.d`).
    public var description: String {
        if family == .v4 { return Self.dottedQuad(UInt32(truncatingIfNeeded: bits)) }
        if let mapped = mappedIPv4 { return "::ffff:\(mapped)" }
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: bits >> (112 - 16 * $0)) }
        var best = (start: -1, length: 0)
        var run = (start: -1, length: 0)
        for (index, group) in groups.enumerated() {
            if group == 0 {
                run = run.start < 0 ? (index, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else {
                run = (-1, 0)
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard best.length >= 2 else { return hex(0..<8) }
        return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
    }

    private static func dottedQuad(_ value: UInt32) -> String {
        (0..<4).map { String(value >> (24 - 8 * $0) & 0xff) }.joined(separator: ".")
    }

    /// Four decimal parts of 0 to 255, without leading zeros (which some parsers read as octal).
    private static func parseV4(_ text: ArraySlice<UInt8>) -> UInt32? {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(Self.isDigit),
                  part.count == 1 || part.first != UInt8(ascii: "0")
            else { return nil }
            let number = part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard number <= 255 else { return nil }
            value = value << 8 | UInt32(number)
        }
        return value
    }

    /// Groups of 1 to 4 hex digits, at most one `::`, an optional dotted quad in the last 32 bits.
    private static func parseV6(_ text: ArraySlice<UInt8>) -> UInt128? {
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        var rest = text
        if rest.starts(with: "::".utf8) {
            sawGap = true
            rest = rest.dropFirst(2)
        } else if rest.first == UInt8(ascii: ":") {
            return nil
        }
        while !rest.isEmpty {
            let end = rest.firstIndex(of: UInt8(ascii: ":")) ?? rest.endIndex
            let part = rest[rest.startIndex..<end]
            let isLast = end == rest.endIndex
            if isLast, part.contains(UInt8(ascii: ".")) {
                guard let quad = parseV4(part) else { return nil }
                let groups = [UInt16(quad >> 16), UInt16(truncatingIfNeeded: quad)]
                if sawGap { tail += groups } else { head += groups }
                rest = rest[end...]
                break
            }
            guard (1...4).contains(part.count), part.allSatisfy(Self.isHexDigit) else { return nil }
            let group = part.reduce(UInt16(0)) { $0 << 4 | UInt16(Self.hexValue($1)) }
            if sawGap { tail.append(group) } else { head.append(group) }
            rest = rest[end...]
            if rest.starts(with: "::".utf8) {
                guard !sawGap else { return nil }
                sawGap = true
                rest = rest.dropFirst(2)
            } else if !rest.isEmpty {
                rest = rest.dropFirst()  // one ":"
                guard !rest.isEmpty else { return nil }  // a trailing single ":"
            }
        }
        let count = head.count + tail.count
        guard sawGap ? count <= 7 : count == 8 else { return nil }
        let groups = head + Array(repeating: 0, count: 8 - count) + tail
        return groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8 {
        isDigit(byte) ? byte - UInt8(ascii: "0") : (byte | 0x20) - UInt8(ascii: "a") + 10
    }
}

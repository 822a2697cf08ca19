/// Punycode (RFC 3492): the Bootstring encoding that IDNA uses to spell a non-ASCII domain
/// label in letters, digits and hyphens.
public enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 0x80

    /// The Punycode form of `label` (without the `xn--` prefix that IDNA adds).
    ///
    /// Basic (ASCII) code points are copied in their original case; no mixed-case annotation
    /// is produced (RFC 3492 §3.3 makes it optional), so encoded digits are lower-case.
    /// Nil only when the input is so long that the encoder's integers would overflow. The work
    /// grows with length times distinct non-ASCII code points, so callers bound the length.
    public static func encode(_ label: String) -> String? {
        encode(scalars: label.unicodeScalars.map(\.value)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The Punycode form of `scalars` as ASCII bytes (RFC 3492 §6.3); nil on overflow.
    static func encode(scalars: [UInt32]) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(scalars.count * 2)
        for scalar in scalars where scalar < 0x80 {
            output.append(UInt8(scalar))
        }
        let basicCount = output.count
        if basicCount > 0 { output.append(0x2D) }  // "-" ends the basic code points

        var n = initialN
        var delta = 0
        var bias = initialBias
        var handled = basicCount
        while handled < scalars.count {
            // The smallest code point not handled yet; one exists since handled < count.
            var next = Int.max
            for scalar in scalars where Int(scalar) >= n && Int(scalar) < next {
                next = Int(scalar)
            }
            guard let step = multiplyAdd(next - n, handled + 1, delta) else { return nil }
            delta = step
            n = next
            for scalar in scalars {
                let value = Int(scalar)
                if value < n {
                    guard let incremented = multiplyAdd(1, 1, delta) else { return nil }
                    delta = incremented
                } else if value == n {
                    appendVariableLengthInteger(delta, bias: bias, to: &output)
                    bias = adapt(delta, pointCount: handled + 1, isFirst: handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            guard let stepped = multiplyAdd(1, 1, delta) else { return nil }
            delta = stepped
            n += 1
        }
        return output
    }

    /// `a * b + c`, or nil on overflow.
    private static func multiplyAdd(_ a: Int, _ b: Int, _ c: Int) -> Int? {
        let (product, productOverflow) = a.multipliedReportingOverflow(by: b)
        let (sum, sumOverflow) = product.addingReportingOverflow(c)
        return productOverflow || sumOverflow ? nil : sum
    }

    /// Writes `value` as a generalized variable-length integer (RFC 3492 §3.3).
    private static func appendVariableLengthInteger(_ value: Int, bias: Int, to output: inout [UInt8]) {
        var q = value
        var k = base
        while true {
            let threshold = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
            if q < threshold { break }
            output.append(digit(threshold + (q - threshold) % (base - threshold)))
            q = (q - threshold) / (base - threshold)
            k += base
        }
        output.append(digit(q))
    }

    /// The bias adaptation function (RFC 3492 §6.1).
    private static func adapt(_ delta: Int, pointCount: Int, isFirst: Bool) -> Int {
        var delta = isFirst ? delta / damp : delta / 2
        delta += delta / pointCount
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// The basic code point for a digit value: 0–25 are "a"–"z", 26–35 are "0"–"9".
    private static func digit(_ value: Int) -> UInt8 {
        value < 26 ? UInt8(0x61 + value) : UInt8(0x30 - 26 + value)
    }
}

import Foundation

/// The ASCII form of a host name written with non-ASCII characters (IDNA's ToASCII, simplified).
///
/// Non-ASCII characters are lower-cased (Unicode's full lower-case mapping, without context)
/// and the name put in NFC; then each label that is still not ASCII is written as `xn--` plus
/// its Punycode. This is not full UTS #46 processing: there is no compatibility mapping
/// (full-width letters stay as they are), no deviation-character rules and no validity checks.
/// It is deterministic and idempotent, which is what a dedup key needs, and agrees with
/// browsers on the names feeds use.
enum IDNHost {
    /// Longer hosts are no DNS names (their ASCII form would exceed 253 bytes), and would cost
    /// Punycode time growing with the square of their length: they stay percent-encoded.
    private static let maximumHostBytes = 1024

    /// Rewrites `buffer[start...]`, a lower-cased, percent-normalized host holding raw UTF-8,
    /// to ASCII in place.
    ///
    /// A host that is not valid UTF-8, that still holds escapes (of characters a DNS name
    /// cannot have) or that is far too long is no IDN: its non-ASCII bytes are percent-encoded.
    static func convertToASCII(in buffer: inout [UInt8], from start: Int) {
        let host = buffer[start...]
        buffer.removeSubrange(start...)
        guard host.count <= maximumHostBytes, !host.contains(ByteClass.percent),
              let name = String(validating: host, as: UTF8.self) else {
            appendEscapingNonASCII(host, to: &buffer)
            return
        }
        var lowercased = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if scalar.isASCII {
                lowercased.append(scalar)  // already lower-cased with the rest of the host
            } else {
                lowercased.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        let mapped = String(lowercased).precomposedStringWithCanonicalMapping
        var isFirstLabel = true
        for label in mapped.unicodeScalars.split(omittingEmptySubsequences: false,
                                                  whereSeparator: isLabelSeparator) {
            if !isFirstLabel { buffer.append(ByteClass.dot) }
            isFirstLabel = false
            appendLabel(label, to: &buffer)
        }
    }

    private static func appendLabel(_ label: Substring.UnicodeScalarView, to buffer: inout [UInt8]) {
        let scalars = label.map(\.value)
        if scalars.allSatisfy({ $0 < 0x80 }) {
            buffer.append(contentsOf: scalars.lazy.map { UInt8($0) })
            return
        }
        if let encoded = Punycode.encode(scalars: scalars) {
            buffer.append(contentsOf: "xn--".utf8)
            buffer.append(contentsOf: encoded)
        } else {
            appendEscapingNonASCII(Array(Substring(label).utf8)[...], to: &buffer)
        }
    }

    /// "." and the dots IDNA treats as label separators: 。 ． ｡
    private static func isLabelSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E, 0x3002, 0xFF0E, 0xFF61: true
        default: false
        }
    }

    private static func appendEscapingNonASCII(_ bytes: ArraySlice<UInt8>, to buffer: inout [UInt8]) {
        for byte in bytes {
            if byte < 0x80 {
                buffer.append(byte)
            } else {
                PercentEncoding.appendEscape(of: byte, to: &buffer)
            }
        }
    }
}

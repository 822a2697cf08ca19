/// Decoding of the entity references libxml2 keeps in attribute values.
enum AttributeValue {
    static func decode(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: "&"),
               let end = raw[(index + 1)...].prefix(40).firstIndex(of: UInt8(ascii: ";")), end > index + 1 {
                let name = String(decoding: raw[(index + 1)..<end], as: UTF8.self)
                if let scalar = reference(name) {
                    output.append(contentsOf: String(Character(scalar)).utf8)
                    index = end + 1
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func reference(_ name: String) -> Unicode.Scalar? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init)
        }
        return EntityResolver.htmlCharacter(named: name)
    }
}

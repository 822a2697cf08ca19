import CLibXML2

/// Names as libxml2 hands them over: NUL-terminated UTF-8.
enum XMLName {
    /// The ASCII-lowercased name, or nil when it is longer than `maxLength` bytes (no name
    /// the caller looks for is that long).
    static func lowercased(_ name: UnsafePointer<xmlChar>, maxLength: Int) -> String? {
        var bytes: [UInt8] = []
        var cursor = name
        while cursor.pointee != 0 {
            guard bytes.count < maxLength else { return nil }
            let byte = cursor.pointee
            bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            cursor += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

import Glibc

/// Conversion to UTF-8 through glibc's iconv for the charsets not handled by table; the
/// descriptor is opened and closed within one call.
enum IconvDecoder {
    /// `bytes` in `charset` as UTF-8, each invalid byte replaced by U+FFFD; nil when iconv
    /// does not know the charset.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, from charset: String) -> [UInt8]? {
        let descriptor = iconv_open("UTF-8", charset)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        defer { iconv_close(descriptor) }
        guard let inputBase = bytes.baseAddress, !bytes.isEmpty else { return [] }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 64)
        var produced = 0
        var consumed = 0
        while consumed < bytes.count {
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inputBase + consumed)
                .assumingMemoryBound(to: CChar.self)
            var inLeft = bytes.count - consumed
            let failure: Int32 = output.withUnsafeMutableBytes { raw in
                guard let outBase = raw.baseAddress else { return EINVAL }
                var outPointer: UnsafeMutablePointer<CChar>? = (outBase + produced).assumingMemoryBound(to: CChar.self)
                var outLeft = raw.count - produced
                let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                produced = raw.count - outLeft
                return result == -1 ? errno : 0
            }
            consumed = bytes.count - inLeft
            switch failure {
            case 0, EINVAL:  // done, or a character cut off by the end: drop it
                consumed = bytes.count
            case E2BIG:
                output.append(contentsOf: repeatElement(0, count: output.count))
            default:  // EILSEQ: an invalid byte
                if output.count - produced < 3 { output.append(contentsOf: repeatElement(0, count: 64)) }
                output.replaceSubrange(produced ..< produced + 3, with: [0xEF, 0xBF, 0xBD])
                produced += 3
                consumed += 1
                iconv(descriptor, nil, nil, nil, nil)
            }
        }
        output.removeSubrange(produced...)
        return output.withUnsafeBufferPointer { UTF8Repair.repaired($0) } ?? output
    }
}

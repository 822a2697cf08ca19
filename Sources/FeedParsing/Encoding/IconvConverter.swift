import Glibc

/// A glibc iconv conversion descriptor from one charset to UTF-8, owned and closed here.
final class IconvConverter {
    private let descriptor: iconv_t

    /// Nil when iconv does not know `charset`.
    init?(from charset: String) {
        let opened = iconv_open("UTF-8", charset)
        // iconv_open reports failure as (iconv_t)-1.
        guard let opened, Int(bitPattern: opened) != -1 else { return nil }
        descriptor = opened
    }

    deinit {
        iconv_close(descriptor)
    }

    /// `input` converted to UTF-8, or nil when it holds a byte sequence invalid in the
    /// source charset. A character cut off by the end of the input is left out.
    func convert(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let inputBase = input.baseAddress, !input.isEmpty else { return [] }
        // Reset the shift state left by any previous use.
        iconv(descriptor, nil, nil, nil, nil)
        var capacity = input.count * 2 + 64
        var output = [UInt8](repeating: 0, count: capacity)
        var produced = 0
        var inPointer = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(inputBase).assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        while true {
            let status: Int = output.withUnsafeMutableBytes { raw in
                guard let outBase = raw.baseAddress else { return -1 }
                var outPointer: UnsafeMutablePointer<CChar>? = (outBase + produced).assumingMemoryBound(to: CChar.self)
                var outLeft = capacity - produced
                var source: UnsafeMutablePointer<CChar>? = inPointer
                let result = iconv(descriptor, &source, &inLeft, &outPointer, &outLeft)
                if let source { inPointer = source }
                produced = capacity - outLeft
                return result == -1 ? Int(errno) : 0
            }
            // EINVAL: the input ends inside a character; keep what came before it.
            if status == 0 || status == Int(EINVAL) { break }
            guard status == Int(E2BIG) else { return nil }
            capacity *= 2
            output.append(contentsOf: repeatElement(0, count: capacity - output.count))
        }
        // Trim the unused tail of the output buffer.
        output.removeSubrange(produced...)
        return output
    }
}

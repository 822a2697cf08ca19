import FuzzChecks

// libFuzzer feeds each input to the URL properties. An input is a reference, then optionally
// a NUL byte and a base URL (read as UTF-8, invalid sequences replaced); both are
// canonicalized, and the reference is resolved against the base (or against nothing).
FuzzerDriver.run { data, size in
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let separator = bytes.firstIndex(of: 0)
    let reference = String(decoding: bytes[..<(separator ?? size)], as: UTF8.self)
    let base = separator.map { String(decoding: bytes[($0 + 1)...], as: UTF8.self) }
    URLProperties.checkCanonical(reference)
    base.map { URLProperties.checkCanonical($0) }
    URLProperties.checkResolution(reference, against: base)
    return 0
}

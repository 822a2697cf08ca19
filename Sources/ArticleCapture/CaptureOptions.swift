/// Limits of page capture (`[article]`).
public struct CaptureOptions: Sendable, Equatable {
    /// Largest page accepted (after decompression).
    public var maxPageBytes: Int
    /// Whole-transfer timeout of one page fetch, redirects included.
    public var timeoutSeconds: Int

    public init(maxPageBytes: Int = 4 << 20, timeoutSeconds: Int = 30) {
        self.maxPageBytes = maxPageBytes
        self.timeoutSeconds = timeoutSeconds
    }
}

import Foundation

/// How the archive rotates its segments.
///
/// Segments are named after the UTC month they were started in: `2026-11.jsonl`, then
/// `2026-11.0001.jsonl`, `2026-11.0002.jsonl`, … when size rotation splits a month. Dedup and the
/// reading tools span every segment, whatever the policy.
public struct ArchiveOptions: Sendable {
    /// Start a new segment when the month (UTC) changes. On by default.
    public var rotateMonthly: Bool
    /// Start a new segment when an append would take the current one past this many bytes
    /// (a single append is never split, so a segment can exceed it by one group commit).
    /// Nil (the default) for no size limit.
    public var maxSegmentBytes: Int64?
    /// The clock that decides the month; tests move it.
    public var clock: @Sendable () -> Date
    /// Keys written after which the seen-index writes them out as a run (tests lower it).
    public var indexCheckpointKeys: Int = 65_536

    /// Options with monthly rotation, no size limit and the system clock unless told otherwise.
    public init(
        rotateMonthly: Bool = true, maxSegmentBytes: Int64? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.rotateMonthly = rotateMonthly
        self.maxSegmentBytes = maxSegmentBytes
        self.clock = clock
    }

    func validate() throws(ArchiveError) {
        if let maxSegmentBytes, maxSegmentBytes <= 0 {
            throw .invalidOptions("maxSegmentBytes must be positive, not \(maxSegmentBytes)")
        }
    }
}

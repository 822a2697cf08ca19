/// The 128-bit hash of one dedup key: what the seen-set holds (16 bytes an item) and what each
/// seen-index record stores.
struct SeenKey: Hashable, Comparable, Sendable {
    let low: UInt64
    let high: UInt64

    func hash(into hasher: inout Hasher) {
        // Already a keyed hash: one word spreads as well as two and costs half.
        hasher.combine(low)
    }

    /// Ordered by `high` first, so the top bits of `high` say where in a sorted run a key lies
    /// (what `SeenKeyDirectory` uses).
    static func < (left: SeenKey, right: SeenKey) -> Bool {
        left.high != right.high ? left.high < right.high : left.low < right.low
    }
}

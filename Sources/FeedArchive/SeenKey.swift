/// The 128-bit hash of one dedup key: what the seen-set holds (16 bytes an item) and what each
/// seen-index record stores.
struct SeenKey: Hashable, Sendable {
    let low: UInt64
    let high: UInt64

    func hash(into hasher: inout Hasher) {
        // Already a keyed hash: one word spreads as well as two and costs half.
        hasher.combine(low)
    }
}

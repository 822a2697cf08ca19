/// The random numbers behind jitter and spread: wyrand, seeded once from the system. The system
/// generator makes a `getrandom` call per number, half the cost of rescheduling a feed; jitter
/// needs numbers that differ between feeds and runs, not secret ones.
struct JitterRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0xA076_1D64_78BD_642F
        let product = state.multipliedFullWidth(by: state ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }
}

/// Stops the fuzzer on a broken property: libFuzzer sees the trap as a crash and saves the
/// input, and the message printed before it says which property broke.
public enum FuzzFailure {
    /// Traps with `message`, naming the property and the values that broke it.
    public static func fail(_ message: String) -> Never {
        fatalError("fuzz property broken: \(message)")
    }

    /// Traps with `message` unless `condition` holds.
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }
}

import CLibFuzzer
import Glibc

/// Starts libFuzzer from a harness's `main`, with the process's arguments (`-max_len`,
/// `-runs`, corpus directories, a crash file to replay, …).
public enum FuzzerDriver {
    /// What libFuzzer calls with each input; returns 0.
    public typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// Runs libFuzzer over `callback` and exits with its status.
    public static func run(_ callback: Callback) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
    }
}

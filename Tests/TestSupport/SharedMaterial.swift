import Foundation

/// The larger shared test material beside the repository (the feedparser conformance cases,
/// captured real-world feeds): `$FEEDD_SHARED`, else `../shared` from the package root.
///
/// Core tests never need it; they use what the repository holds (`Repository`). The tests that
/// do are skipped when it is absent, with `skipReason` saying what was missing and where it was
/// looked for, so a bare clone passes and says what it did not run.
public enum SharedMaterial {
    public static var directory: String {
        if let explicit = ProcessInfo.processInfo.environment["FEEDD_SHARED"], !explicit.isEmpty { return explicit }
        return (Repository.root as NSString).appendingPathComponent("../shared")
    }

    /// Whether `directory/relative` exists.
    public static func has(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(relative))
    }

    /// Why a test that needs `relative` is skipped when it is absent.
    public static func skipReason(_ relative: String) -> String {
        "needs the shared test material (\(relative)), not found under \(directory); "
            + "set FEEDD_SHARED to the shared/ directory to run it"
    }

    /// `directory/relative`, or an error saying where it was looked for.
    public static func path(_ relative: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: path) else { throw TestSupportError(skipReason(relative)) }
        return path
    }
}

/// The repository's own test material and scripts, found from this file's place in it.
public enum Repository {
    /// The package's root directory (where Package.swift is).
    public static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// `root/relative`.
    public static func path(_ relative: String) -> String {
        (root as NSString).appendingPathComponent(relative)
    }
}

import Foundation

/// The shared test material beside the repository (conformance cases, real-world feeds, the bench
/// farm): `$FEEDD_SHARED`, else `../shared` from the package root.
public enum SharedMaterial {
    public static var directory: String {
        if let explicit = ProcessInfo.processInfo.environment["FEEDD_SHARED"] { return explicit }
        return (packageRoot as NSString).appendingPathComponent("../shared")
    }

    /// The package's root directory (where Package.swift is).
    public static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// `directory/relative`, or an error saying where it was looked for: a missing fixture must fail a test, not skip it.
    public static func path(_ relative: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: path) else {
            throw TestSupportError("shared test material not found at \(path); set FEEDD_SHARED to the shared/ directory")
        }
        return path
    }
}

import Foundation

/// Locates the shared reference material (conformance suite, real-world feeds, farm
/// generator): `$FEEDD_SHARED`, else `shared/` beside the repository.
enum SharedFixtures {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "shared/ not found: set FEEDD_SHARED to the directory holding conformance/ and realworld/ "
                + "(looked beside the repository at \(SharedFixtures.repositoryRoot.deletingLastPathComponent().path))"
        }
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func directory() throws -> URL {
        var candidates: [URL] = []
        if let configured = ProcessInfo.processInfo.environment["FEEDD_SHARED"], !configured.isEmpty {
            candidates.append(URL(fileURLWithPath: configured))
        }
        candidates.append(repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared"))
        candidates.append(repositoryRoot.appendingPathComponent("shared"))
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("conformance/cases.json").path) {
            return candidate
        }
        throw Missing()
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}

import Foundation
import TestSupport

/// The repository's own conformance sample (`Fixtures/conformance/`): hand-written feeds in
/// several formats and encodings, with the values a correct parser reads from them, in the
/// shape of the shared suite's `cases.json` (so its check.py can score them too).
enum SampleDocuments {
    struct Check: Decodable {
        var path: String
        var expected: String?
    }

    struct Case: Decodable {
        var file: String
        var category: String
        var description: String
        var checks: [Check]
        var url: String?
        var http_headers: [String: String]?
    }

    static var directory: URL {
        get throws {
            guard let resources = Bundle.module.resourceURL else { throw TestSupportError("the test bundle has no resources") }
            return resources.appendingPathComponent("Fixtures/conformance")
        }
    }

    static func cases() throws -> [Case] {
        try JSONDecoder().decode([Case].self, from: Data(contentsOf: directory.appendingPathComponent("cases.json")))
    }

    static func bytes(of testCase: Case) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(testCase.file)))
    }

    /// Every sample document, with its file name.
    static func all() throws -> [(name: String, bytes: [UInt8])] {
        try cases().map { ($0.file, try bytes(of: $0)) }
    }

    /// The documents of the shared real-world corpus when it is there, else none.
    static func sharedRealWorld() throws -> [(name: String, bytes: [UInt8])] {
        guard SharedMaterial.has("realworld/MANIFEST.tsv") else { return [] }
        let (feeds, rows) = try RealWorldTests.manifest()
        return try rows.map { ($0.file, [UInt8](try Data(contentsOf: feeds.appendingPathComponent($0.file)))) }
    }
}

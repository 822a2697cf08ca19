import Foundation
import FeedSubscriptions

/// The OPML files in `Fixtures/` (see its README for where each comes from).
enum OPMLFixtures {
    static let directory = Bundle.module.resourceURL?.appendingPathComponent("Fixtures").path ?? "Fixtures"

    static func path(_ name: String) -> String {
        "\(directory)/\(name)"
    }

    static func read(_ name: String) throws -> [Subscription] {
        try OPMLReader.read(file: path(name))
    }
}

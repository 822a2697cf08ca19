import Foundation

/// Loads and saves every feed's `FeedState` as one JSON file, replaced atomically.
public struct FeedStateStore: Sendable {
    public let path: String

    public init(stateDirectory: String) {
        path = "\(stateDirectory)/feeds.json"
    }

    private struct File: Codable {
        var version: Int
        var feeds: [String: FeedState]
    }

    /// The saved states keyed by configured feed URL; empty when there is no file yet.
    /// A damaged file is reported through `problem` and treated as empty: the cost is one refetch.
    public func load(problem: (String) -> Void) -> [String: FeedState] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            guard file.version == 1 else {
                problem("\(path): unknown version \(file.version); starting with fresh feed state")
                return [:]
            }
            return file.feeds
        } catch {
            problem("\(path): unreadable (\(error)); starting with fresh feed state")
            return [:]
        }
    }

    /// Writes all states to a temporary file and renames it over the old one.
    public func save(_ states: [String: FeedState]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(File(version: 1, feeds: states))
        let temporary = "\(path).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw StateFileError(path: temporary, reason: String(cString: strerror(errno)))
        }
        guard rename(temporary, path) == 0 else {
            throw StateFileError(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// The feed-state file could not be written.
public struct StateFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}

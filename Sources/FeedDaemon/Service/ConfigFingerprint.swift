import Foundation

/// Size, modification time and inode of the config file, of the feed list and of each drop-in,
/// plus the drop-in names: cheap to take every few seconds, and different whenever an editor
/// saves a change.
struct ConfigFingerprint: Equatable, Sendable {
    let configFile: String
    let feedsDirectory: String
    let feedsFile: String?
    private let files: [String: [Int]]

    init(configFile: String, feedsDirectory: String, feedsFile: String?) {
        self.configFile = configFile
        self.feedsDirectory = feedsDirectory
        self.feedsFile = feedsFile
        var files: [String: [Int]] = [:]
        files[configFile] = Self.stamp(configFile)
        files[feedsDirectory] = Self.stamp(feedsDirectory)
        if let feedsFile { files[feedsFile] = Self.stamp(feedsFile) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: feedsDirectory)) ?? []
        for name in names where name.hasSuffix(".toml") && !name.hasPrefix(".") {
            let path = "\(feedsDirectory)/\(name)"
            files[path] = Self.stamp(path)
        }
        self.files = files
    }

    init(config: DaemonConfig) {
        self.init(configFile: config.configFile, feedsDirectory: config.feedsDirectory, feedsFile: config.feedsFile)
    }

    private static func stamp(_ path: String) -> [Int] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [-1] }
        return [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)]
    }
}

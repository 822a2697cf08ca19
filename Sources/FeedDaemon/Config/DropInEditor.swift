import Foundation

/// Adds `[[feed]]` tables to a drop-in file and takes one out, for `feedd add`, `import-opml`
/// and `remove`.
///
/// Every edit is checked by loading the whole configuration as the edit would leave it (the
/// checks `check-config` makes: a duplicate feed, a bad URL or interval...) and is written
/// atomically, the rest of the file kept byte for byte; a running daemon then picks it up like
/// any other change to feeds_dir. Edits of one feeds_dir wait for each other (a lock on it).
public struct DropInEditor: Sendable {
    public let configPath: String
    public let loader: ConfigLoader

    public init(configPath: String, loader: ConfigLoader) {
        self.configPath = configPath
        self.loader = loader
    }

    /// What an edit did.
    public struct Edit: Sendable {
        /// The drop-in file written.
        public var file: String
        /// Lines added, or, for a removal, the lines the table took.
        public var lines: ClosedRange<Int>
        /// The configuration as it loads after the edit.
        public var config: DaemonConfig
    }

    /// The configuration as it is now.
    public func currentConfig() throws(DropInEditError) -> DaemonConfig {
        do {
            return try loader.load(configPath)
        } catch {
            throw .configBroken(error.problems)
        }
    }

    /// The drop-in `name` names: a file name in feeds_dir (".toml" added when missing), or a
    /// path to one. Elsewhere the daemon would never read it, so that is refused.
    public static func dropInPath(_ name: String, feedsDirectory: String) throws(DropInEditError) -> String {
        let withSuffix = name.hasSuffix(".toml") ? name : name + ".toml"
        let path = withSuffix.contains("/")
            ? ConfigLoader.absolute(withSuffix, relativeTo: FileManager.default.currentDirectoryPath)
            : "\(feedsDirectory)/\(withSuffix)"
        guard (path as NSString).deletingLastPathComponent == feedsDirectory else {
            throw .io("\(path) is not in feeds_dir (\(feedsDirectory)); feedd reads drop-ins only from there")
        }
        guard !(path as NSString).lastPathComponent.hasPrefix(".") else {
            throw .io("\(path): feedd skips drop-ins whose name starts with a dot")
        }
        return path
    }

    /// Appends `tables` to `file` (created, with `fileHeader` as its opening comment, when missing).
    public func append(_ tables: [FeedTable], to file: String, fileHeader: String) throws(DropInEditError) -> Edit {
        let directory = (file as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(directory): \(ConfigLoader.reason(error))")
        }
        return try DirectoryLock.holding(directory) { () throws(DropInEditError) -> Edit in
            _ = try currentConfig()
            let existing = try Self.text(of: file, missingIsEmpty: true)
            var prefix = existing
            if prefix.isEmpty {
                prefix = fileHeader.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined() + "\n"
            } else {
                if !prefix.hasSuffix("\n") { prefix += "\n" }
                prefix += "\n"
            }
            let added = tables.map(\.text).joined(separator: "\n")
            let firstLine = Self.lineCount(prefix) + 1
            let config = try write(prefix + added, to: file)
            return Edit(file: file, lines: firstLine...(firstLine + Self.lineCount(added) - 1), config: config)
        }
    }

    /// Takes `feed`'s table out of the drop-in it was read from, with the comment lines just
    /// above it. A feed in the main configuration file or the feeds_file list is refused, with
    /// its file and line.
    public func remove(_ feed: FeedConfig) throws(DropInEditError) -> Edit {
        let file = feed.source.file
        let directory = (file as NSString).deletingLastPathComponent
        return try DirectoryLock.holding(directory) { () throws(DropInEditError) -> Edit in
            let config = try currentConfig()
            guard file != config.configFile else {
                throw .notEditable(feed.source, "\(feed.url) is in the main configuration file; feedd remove edits only drop-ins in \(config.feedsDirectory), so remove this [[feed]] table by hand")
            }
            guard file != config.feedsFile else {
                throw .notEditable(feed.source, "\(feed.url) is in the feeds_file list; feedd remove edits only drop-ins in \(config.feedsDirectory), so delete this line by hand")
            }
            guard let current = config.feeds.first(where: { ConfigLoader.identity(of: $0.url) == ConfigLoader.identity(of: feed.url) }),
                  current.source == feed.source else {
                throw .notFound("\(feed.url) is no longer configured at \(feed.source)")
            }
            let text = try Self.text(of: file, missingIsEmpty: false)
            guard let urlLine = feed.source.line, let span = FeedTableSpan(text: text, urlLine: urlLine) else {
                throw .notEditable(feed.source, "\(feed.url) is not written as a [[feed]] table of its own here; edit the file by hand")
            }
            let remaining = span.removed(from: text)
            let after = try write(remaining, to: file)
            return Edit(file: file, lines: span.lines, config: after)
        }
    }

    /// The configured feed `argument` names: its URL (in any form that canonicalizes alike), else its name.
    public func feed(matching argument: String, in config: DaemonConfig) throws(DropInEditError) -> FeedConfig {
        let wanted = ConfigLoader.identity(of: argument.trimmingCharacters(in: .whitespaces))
        if let feed = config.feeds.first(where: { ConfigLoader.identity(of: $0.url) == wanted }) { return feed }
        let named = config.feeds.filter { $0.name == argument }
        if named.count == 1, let feed = named.first { return feed }
        if named.count > 1 {
            throw .notFound("\(named.count) feeds are named \"\(argument)\" (\(named.map { "\($0.url) at \($0.source)" }.joined(separator: ", "))); give the URL")
        }
        throw .notFound("no configured feed has the URL or name \"\(argument)\" (feedd check-config \(config.configFile) lists them)")
    }

    /// Checks the configuration as it would be with `text` in `file`, then writes it.
    private func write(_ text: String, to file: String) throws(DropInEditError) -> DaemonConfig {
        var proposed = loader
        proposed.replacements[file] = text
        let config: DaemonConfig
        do {
            config = try proposed.load(configPath)
        } catch {
            throw .refused(error.problems)
        }
        do {
            try AtomicFile.write(text, to: file)
        } catch {
            throw .io(error.message)
        }
        return config
    }

    private static func text(of file: String, missingIsEmpty: Bool) throws(DropInEditError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            if missingIsEmpty, !FileManager.default.fileExists(atPath: file) { return "" }
            throw .io("cannot read \(file): \(String(cString: strerror(errno)))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .io("\(file): not valid UTF-8 text") }
        return text
    }

    private static func lineCount(_ text: String) -> Int {
        text.utf8.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }
}

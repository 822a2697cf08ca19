import AddressPolicy
import ArticleCapture
import FeedMetrics
import FeedURL
import Foundation
import HTTPFetching
import PostgresStore
import TOMLKit

/// Loads the main configuration file and its drop-ins into a `DaemonConfig`,
/// collecting every problem with its file and line instead of stopping at the first.
public struct ConfigLoader: Sendable {
    /// Takes precedence over `state_dir` (the `--state-dir` option).
    public var stateDirectoryOverride: String?
    /// Read for `STATE_DIRECTORY` / `LOGS_DIRECTORY` (set by systemd) and the XDG defaults.
    public var environment: [String: String]
    /// Absolute file path → text read instead of that file (a drop-in that does not exist yet
    /// counts too): how an edit is checked before it is written.
    public var replacements: [String: String] = [:]

    public init(stateDirectoryOverride: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.stateDirectoryOverride = stateDirectoryOverride
        self.environment = environment
    }

    static let rootKeys = [
        "state_dir", "ingest_log", "feeds_dir", "feeds_file", "tracking_parameters", "poll", "http", "archive", "article", "metrics",
        "feed",
    ]
    static let pollKeys = ["interval", "min_interval", "max_interval", "jitter", "retry_delay", "max_retry_delay", "concurrency", "adaptive"]
    static let httpKeys = [
        "concurrency", "per_host", "connect_timeout", "timeout", "low_speed_time", "max_body", "max_redirects", "user_agent",
        "allow_networks",
    ]
    static let archiveKeys = ["rotate", "max_segment_size", "store", "lease"]
    static let articleKeys = ["fetch", "max_page", "timeout"]
    static let metricsKeys = ["listen"]
    static let feedKeys = ["url", "name", "interval", "categories", "fetch_article"]

    /// Loads `path`; throws every problem found when any was.
    public func load(_ path: String) throws(ConfigError) -> DaemonConfig {
        let configFile = Self.absolute(path, relativeTo: FileManager.default.currentDirectoryPath)
        let configDirectory = (configFile as NSString).deletingLastPathComponent
        var problems: [ConfigProblem] = []

        guard let (root, sourceMap) = readTOML(configFile, problems: &problems) else {
            throw ConfigError(problems: problems)
        }
        defer { Self.release(root) }
        var reader = TableReader(table: root, path: "", file: configFile, sourceMap: sourceMap)

        // Read even when overridden, so that the key is checked and not reported as unknown.
        let configuredStateDirectory = reader.string("state_dir").map { Self.absolute($0, relativeTo: configDirectory) }
        let stateDirectory = stateDirectoryOverride.map { Self.absolute($0, relativeTo: FileManager.default.currentDirectoryPath) }
            ?? configuredStateDirectory
            ?? defaultStateDirectory()
        let ingestLog = reader.string("ingest_log").map { Self.absolute($0, relativeTo: configDirectory) }
            ?? environment["LOGS_DIRECTORY"].flatMap { $0.split(separator: ":").first.map { "\($0)/ingest.log" } }
            ?? "\(stateDirectory)/ingest.log"
        let feedsDirectory = Self.absolute(reader.string("feeds_dir") ?? "feeds.d", relativeTo: configDirectory)
        let feedsFile = reader.string("feeds_file").map { Self.absolute($0, relativeTo: configDirectory) }
        let tracking = reader.strings("tracking_parameters") ?? []

        var config = DaemonConfig(
            configFile: configFile, stateDirectory: stateDirectory, ingestLogPath: ingestLog,
            feedsDirectory: feedsDirectory, feedsFile: feedsFile, extraTrackingParameters: tracking
        )
        config.fetch.userAgent = Self.defaultUserAgent
        readSubtable("poll", of: &reader, keys: Self.pollKeys) { readPoll(&$0, into: &config.poll) }
        readSubtable("http", of: &reader, keys: Self.httpKeys) { readHTTP(&$0, into: &config.fetch) }
        readSubtable("archive", of: &reader, keys: Self.archiveKeys) { readArchive(&$0, into: &config.archive) }
        if let node = environment["FEEDD_NODE"], !node.isEmpty { config.archive.node = node }
        readSubtable("article", of: &reader, keys: Self.articleKeys) { readArticle(&$0, into: &config.article) }
        readSubtable("metrics", of: &reader, keys: Self.metricsKeys) { readMetrics(&$0, into: &config.metrics) }
        if config.poll.minInterval > config.poll.maxInterval {
            reader.report(nil, "[poll] min_interval (\(config.poll.minInterval) s) is longer than max_interval (\(config.poll.maxInterval) s)")
        }

        var feeds: [FeedConfig] = []
        var duplicates = DuplicateFeedFinder()
        readFeeds(&reader, into: &feeds, duplicates: &duplicates)
        reader.reportUnknownKeys(known: Self.rootKeys)
        problems += reader.problems.sorted { ($0.location.line ?? 0) < ($1.location.line ?? 0) }

        if let feedsFile {
            FeedListFile.read(feedsFile, proposed: replacements[feedsFile], into: &feeds, duplicates: &duplicates, problems: &problems)
        }
        for dropIn in dropInFiles(in: feedsDirectory, problems: &problems) {
            guard let (table, map) = readTOML(dropIn, problems: &problems) else { continue }
            defer { Self.release(table) }
            var dropInReader = TableReader(table: table, path: "", file: dropIn, sourceMap: map)
            readFeeds(&dropInReader, into: &feeds, duplicates: &duplicates)
            for key in table.keys where key != "feed" {
                dropInReader.report(key, "only [[feed]] tables belong in a drop-in file (found \"\(key)\")")
            }
            problems += dropInReader.problems.sorted { ($0.location.line ?? 0) < ($1.location.line ?? 0) }
        }
        guard problems.isEmpty else { throw ConfigError(problems: problems) }
        config.feeds = feeds
        return config
    }

    /// "feedd/<version> (+https://github.com/feedd/feedd)" style, with libcurl's version left to the client.
    public static let defaultUserAgent = "feedd/\(FeeddVersion.string) (feed archiver; +https://feedd.invalid/bot)"

    private func defaultStateDirectory() -> String {
        if let systemd = environment["STATE_DIRECTORY"]?.split(separator: ":").first { return String(systemd) }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return "\(xdg)/feedd" }
        return "\(environment["HOME"] ?? NSHomeDirectory())/.local/state/feedd"
    }

    private func readSubtable(_ name: String, of reader: inout TableReader, keys: [String], body: (inout TableReader) -> Void) {
        guard let value = reader.value(name) else { return }
        guard let table = value.table else {
            reader.report(name, "\"\(name)\" must be a table ([\(name)])")
            return
        }
        var subreader = TableReader(table: table, path: name, file: reader.file, sourceMap: reader.sourceMap)
        body(&subreader)
        subreader.reportUnknownKeys(known: keys)
        reader.absorb(subreader.problems)
    }

    private func readPoll(_ reader: inout TableReader, into poll: inout PollPolicy) {
        if let value = reader.duration("interval") { poll.defaultInterval = value }
        if let value = reader.duration("min_interval") { poll.minInterval = value }
        if let value = reader.duration("max_interval") { poll.maxInterval = value }
        if let value = reader.fraction("jitter", in: 0...0.5) { poll.jitter = value }
        if let value = reader.duration("retry_delay") { poll.retryDelay = value }
        if let value = reader.duration("max_retry_delay") { poll.maxRetryDelay = value }
        if let value = reader.integer("concurrency", in: Self.concurrencyRange) { poll.concurrency = value }
        if let value = reader.bool("adaptive") { poll.adaptive = value }
    }

    /// Upper bounds keep a typo from exhausting memory or descriptors, or from letting one feed
    /// hold a slot for hours: each feed in flight may hold a body of up to `max_body`.
    static let concurrencyRange = 1...1024
    static let perHostRange = 1...64
    static let connectTimeoutRange = 1...300
    static let timeoutRange = 1...3600
    static let maxBodyRange = 1024...(256 << 20)

    private func readHTTP(_ reader: inout TableReader, into fetch: inout FetchOptions) {
        if let value = reader.integer("concurrency", in: Self.concurrencyRange) { fetch.maxConcurrentTransfers = value }
        if let value = reader.integer("per_host", in: Self.perHostRange) { fetch.maxTransfersPerHost = value }
        if let value = reader.duration("connect_timeout", in: Self.connectTimeoutRange) { fetch.connectTimeoutSeconds = value }
        if let value = reader.duration("timeout", in: Self.timeoutRange) { fetch.totalTimeoutSeconds = value }
        if let value = reader.duration("low_speed_time", in: Self.timeoutRange) { fetch.lowSpeedSeconds = value }
        if let value = reader.size("max_body", in: Self.maxBodyRange) { fetch.maxBodyBytes = value }
        if let value = reader.integer("max_redirects", in: 0...20) { fetch.maxRedirects = value }
        if let value = reader.string("user_agent") { fetch.userAgent = value }
        if let entries = reader.strings("allow_networks") {
            fetch.addressPolicy = AddressPolicy(allowing: readNetworks(entries, reader: &reader))
        }
    }

    /// CIDR networks (`10.1.0.0/16`, `fd00::/8`) or single addresses; each bad entry is a problem.
    private func readNetworks(_ entries: [String], reader: inout TableReader) -> [IPNetwork] {
        var networks: [IPNetwork] = []
        for entry in entries {
            do {
                networks.append(try IPNetwork(parsing: entry.trimmingCharacters(in: .whitespaces)))
            } catch {
                reader.report("allow_networks", "\"http.allow_networks\" entry \"\(entry)\" is not a network: \(error.message)")
            }
        }
        return networks
    }

    private func readArchive(_ reader: inout TableReader, into archive: inout ArchiveSettings) {
        switch reader.string("rotate") {
        case nil, "monthly": archive.rotateMonthly = true
        case "none": archive.rotateMonthly = false
        case let other?: reader.report("rotate", "\"archive.rotate\" must be \"monthly\" or \"none\" (got \"\(other)\")")
        }
        if let value = reader.size("max_segment_size", atLeast: 1 << 20) { archive.maxSegmentBytes = value }
        if let store = reader.string("store") {
            if store == "local" {
                archive.store = .local
            } else if !PostgresURI.isPostgres(store) {
                reader.report("store", "\(reader.describe("store")) must be \"local\" or a postgresql:// URI (got \"\(PostgresURI.redacted(store))\")")
            } else if let problem = PostgresURI.problem(store) {
                reader.report("store", "\(reader.describe("store")) is not a usable PostgreSQL URI: \(problem)")
            } else {
                archive.store = .postgres(uri: store)
            }
        }
        if let value = reader.duration("lease", atLeast: 2) { archive.leaseSeconds = value }
    }

    private func readArticle(_ reader: inout TableReader, into article: inout ArticleSettings) {
        if let value = Self.fetchPolicy("fetch", &reader) { article.fetch = value }
        if let value = reader.size("max_page", atLeast: 16 << 10) {
            if value > 64 << 20 {
                reader.report("max_page", "\(reader.describe("max_page")) must be at most 64MiB")
            } else {
                article.capture.maxPageBytes = value
            }
        }
        if let value = reader.duration("timeout", in: Self.timeoutRange) { article.capture.timeoutSeconds = value }
    }

    /// An `always` / `missing` / `never` value, or nil with the problem reported.
    static func fetchPolicy(_ key: String, _ reader: inout TableReader) -> ArticleFetchPolicy? {
        guard let text = reader.string(key) else { return nil }
        guard let policy = ArticleFetchPolicy(rawValue: text) else {
            reader.report(key, "\(reader.describe(key)) must be \"always\", \"missing\" or \"never\" (got \"\(text)\")")
            return nil
        }
        return policy
    }

    private func readMetrics(_ reader: inout TableReader, into metrics: inout MetricsSettings) {
        guard let listen = reader.string("listen") else { return }
        switch ListenAddress.parse(listen) {
        case .success(let address): metrics.listen = address
        case .failure(let problem): reader.report("listen", "\"metrics.listen\": \(problem)")
        }
    }

    /// Appends the `[[feed]]` tables of one file to `feeds`, rejecting a feed already listed anywhere.
    private func readFeeds(_ reader: inout TableReader, into feeds: inout [FeedConfig], duplicates: inout DuplicateFeedFinder) {
        guard let value = reader.value("feed") else { return }
        guard let array = value.array else {
            reader.report("feed", "\"feed\" must be written as [[feed]] tables")
            return
        }
        let base = "file://" + reader.file
        for (index, element) in array.enumerated() {
            let path = "feed#\(index)"
            guard let table = element.table else {
                reader.report("feed", "\"feed\" must be written as [[feed]] tables")
                continue
            }
            var feedReader = TableReader(table: table, path: path, file: reader.file, sourceMap: reader.sourceMap)
            defer { reader.absorb(feedReader.problems) }
            let written = feedReader.string("url")
            let name = feedReader.string("name")
            let interval = feedReader.duration("interval")
            let fetchArticle = Self.fetchPolicy("fetch_article", &feedReader)
            let categories = feedReader.strings("categories") ?? []
            if categories.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                feedReader.report("categories", "\"feed.categories\" must not hold an empty name")
            }
            feedReader.reportUnknownKeys(known: Self.feedKeys)
            guard let written else {
                if table["url"] == nil { feedReader.report(nil, "[[feed]] has no url") }
                continue
            }
            guard let url = Self.feedURL(written, base: base) else {
                feedReader.report("url", "\"\(written)\" is not a usable feed URL (an absolute http, https or file URL, or a path relative to this file)")
                continue
            }
            if let first = duplicates.earlierListing(of: url, at: feeds.count, in: feeds) {
                feedReader.report("url", "feed \(url) is already listed at \(feeds[first].source)")
                continue
            }
            feeds.append(FeedConfig(url: url, name: name, interval: interval, categories: categories,
                                    fetchArticle: fetchArticle, source: feedReader.location("url")))
        }
    }

    /// What makes two feed URLs the same feed: their canonical form (scheme and host case,
    /// default port, dot segments, tracking parameters...), so a feed cannot be listed twice.
    public static func identity(of url: String) -> String {
        URLCanonicalizer().canonicalize(url) ?? url
    }

    private func dropInFiles(in directory: String, problems: inout [ConfigProblem]) -> [String] {
        // Drop-ins an edit proposes, which may not exist yet (nor their directory).
        let proposed = replacements.keys.filter { ($0 as NSString).deletingLastPathComponent == directory }
            .map { ($0 as NSString).lastPathComponent }
        var names = proposed
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                problems.append(ConfigProblem(SourceLocation(file: directory, line: nil), "feeds_dir is not a directory"))
                return []
            }
            do {
                names += try FileManager.default.contentsOfDirectory(atPath: directory)
            } catch {
                problems.append(ConfigProblem(SourceLocation(file: directory, line: nil), "cannot list drop-in directory: \(Self.reason(error))"))
                return []
            }
        }
        return Set(names).filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }
            .sorted()
            .map { "\(directory)/\($0)" }
    }

    /// TOMLKit never frees a parsed document (its table type has no deinit): emptying the root
    /// frees every node but the root itself, which would otherwise leak, whole, with every
    /// (re)load. Tables taken from it must not be used afterwards.
    private static func release(_ root: TOMLTable) {
        root.clear()
    }

    /// The file's table and line map, or nil with a problem recorded.
    private func readTOML(_ file: String, problems: inout [ConfigProblem]) -> (TOMLTable, TOMLSourceMap)? {
        guard let text = replacements[file] ?? Self.readText(file, problems: &problems) else { return nil }
        do {
            return (try TOMLTable(string: text), TOMLSourceMap(text: text))
        } catch let error as TOMLParseError {
            let location = SourceLocation(file: file, line: error.source.begin.line)
            problems.append(ConfigProblem(location, "TOML syntax error at column \(error.source.begin.column): \(error.description)"))
        } catch {
            problems.append(ConfigProblem(SourceLocation(file: file, line: nil), "cannot parse: \(error)"))
        }
        return nil
    }

    private static func readText(_ file: String, problems: inout [ConfigProblem]) -> String? {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            guard let text = String(data: data, encoding: .utf8) else {
                problems.append(ConfigProblem(SourceLocation(file: file, line: nil), "not valid UTF-8 text"))
                return nil
            }
            return text
        } catch {
            problems.append(ConfigProblem(SourceLocation(file: file, line: nil), "cannot read: \(reason(error))"))
            return nil
        }
    }

    /// An absolute http(s) or file URL, resolving paths and relative references against the config file.
    /// Byte-wise, with no Foundation string calls: a hundred thousand feeds pass through here.
    static func feedURL(_ written: String, base: String) -> String? {
        guard written.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        let resolved = URLResolution.resolve(written, against: base)
        let bytes = resolved.utf8
        let afterScheme: String.UTF8View.Index
        if Self.hasPrefix(bytes, caseInsensitive: "http://") {
            afterScheme = bytes.index(bytes.startIndex, offsetBy: 7)
        } else if Self.hasPrefix(bytes, caseInsensitive: "https://") {
            afterScheme = bytes.index(bytes.startIndex, offsetBy: 8)
        } else {
            return Self.hasPrefix(bytes, caseInsensitive: "file:///") ? resolved : nil
        }
        let host = bytes[afterScheme...].prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        return host.isEmpty || host.contains(0x20) ? nil : resolved
    }

    /// Whether `bytes` start with the lower-case ASCII `prefix`, in any case.
    private static func hasPrefix(_ bytes: String.UTF8View, caseInsensitive prefix: StaticString) -> Bool {
        var index = bytes.startIndex
        for offset in 0..<prefix.utf8CodeUnitCount {
            guard index < bytes.endIndex else { return false }
            let byte = bytes[index]
            let lower: UInt8 = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            guard lower == prefix.utf8Start[offset] else { return false }
            index = bytes.index(after: index)
        }
        return true
    }

    static func absolute(_ path: String, relativeTo directory: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : "\(directory)/\(expanded)"
        return (joined as NSString).standardizingPath
    }

    static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }
}

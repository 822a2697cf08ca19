import ArticleCapture
import FeedMetrics
import FeedURL
import Foundation
import HTTPFetching

/// Everything feedd runs from: the main config file plus its drop-in files, resolved.
public struct DaemonConfig: Sendable, Equatable {
    /// Absolute path of the main configuration file.
    public var configFile: String
    /// Where the archive, seen-index and feed state live.
    public var stateDirectory: String
    /// The ingest log (plain text, one line per event).
    public var ingestLogPath: String
    /// Drop-in directory: every `*.toml` in it adds `[[feed]]` tables.
    public var feedsDirectory: String
    /// A plain feed list (one URL a line, optionally a name): `FeedListFile`.
    public var feedsFile: String?
    public var poll: PollPolicy
    public var fetch: FetchOptions
    public var archive: ArchiveSettings
    /// Page capture: when items' pages are fetched, and their limits.
    public var article: ArticleSettings
    /// `[metrics]`: where `/metrics` is served, if anywhere.
    public var metrics: MetricsSettings
    /// Query parameters dropped from item URLs on top of the built-in tracking list.
    public var extraTrackingParameters: [String]
    public var feeds: [FeedConfig]

    public init(
        configFile: String, stateDirectory: String, ingestLogPath: String, feedsDirectory: String,
        feedsFile: String? = nil, poll: PollPolicy = PollPolicy(), fetch: FetchOptions = FetchOptions(),
        archive: ArchiveSettings = ArchiveSettings(), article: ArticleSettings = ArticleSettings(),
        metrics: MetricsSettings = MetricsSettings(), extraTrackingParameters: [String] = [],
        feeds: [FeedConfig] = []
    ) {
        self.configFile = configFile
        self.stateDirectory = stateDirectory
        self.ingestLogPath = ingestLogPath
        self.feedsDirectory = feedsDirectory
        self.feedsFile = feedsFile
        self.poll = poll
        self.fetch = fetch
        self.archive = archive
        self.article = article
        self.metrics = metrics
        self.extraTrackingParameters = extraTrackingParameters
        self.feeds = feeds
    }
}

/// How often feeds are polled and how failures back off, in seconds.
public struct PollPolicy: Sendable, Equatable {
    /// Interval for a feed that sets none.
    public var defaultInterval: Int
    /// No feed is polled more often than this, whatever it or its server asks.
    public var minInterval: Int
    /// No healthy feed waits longer than this.
    public var maxInterval: Int
    /// Each interval is stretched or shrunk at random by up to this fraction, so feeds drift apart.
    public var jitter: Double
    /// First retry delay after a failure; doubles with each further failure.
    public var retryDelay: Int
    /// Longest delay between retries of a failing feed.
    public var maxRetryDelay: Int
    /// Feeds polled at once (fetch, parse and archive in flight). Each may hold a body of up to
    /// the fetch cap, so this, not the number of feeds, bounds memory; 16 keeps ten thousand
    /// feeds under 64 MB and still saturates two cores.
    public var concurrency: Int
    /// Derive each feed's interval from how often it publishes (within min and max).
    public var adaptive: Bool

    public init(
        defaultInterval: Int = 1800, minInterval: Int = 300, maxInterval: Int = 86_400,
        jitter: Double = 0.1, retryDelay: Int = 60, maxRetryDelay: Int = 21_600,
        concurrency: Int = 16, adaptive: Bool = true
    ) {
        self.defaultInterval = defaultInterval
        self.minInterval = minInterval
        self.maxInterval = maxInterval
        self.jitter = jitter
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
        self.concurrency = concurrency
        self.adaptive = adaptive
    }
}

/// Where the archive lives, and how the local one is split into segment files.
public struct ArchiveSettings: Sendable, Equatable {
    /// Start a new segment each calendar month (UTC).
    public var rotateMonthly: Bool
    /// Start a new segment once the current one passes this size (0: no size limit).
    public var maxSegmentBytes: Int
    /// `local` (JSON Lines under the state directory) or a PostgreSQL database shared by nodes.
    public var store: ArchiveLocation
    /// How long a node's hold on a host's feeds lasts without renewal (PostgreSQL store only).
    public var leaseSeconds: Int
    /// This node's name in the shared store: `$FEEDD_NODE` or `--node`, else the host name.
    public var node: String

    public init(rotateMonthly: Bool = true, maxSegmentBytes: Int = 0, store: ArchiveLocation = .local,
                leaseSeconds: Int = 60, node: String = ArchiveSettings.hostName) {
        self.rotateMonthly = rotateMonthly
        self.maxSegmentBytes = maxSegmentBytes
        self.store = store
        self.leaseSeconds = leaseSeconds
        self.node = node
    }

    /// The machine's host name, the default node name.
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "feedd" }
        let name = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "feedd" : name
    }
}

/// `[archive] store`.
public enum ArchiveLocation: Sendable, Equatable {
    /// The append-only JSON Lines archive under the state directory.
    case local
    /// A PostgreSQL database given by a libpq URI (`postgresql://` or `postgres://`).
    case postgres(uri: String)
}

/// `[article]`: full-text capture of each new item's page.
public struct ArticleSettings: Sendable, Equatable {
    /// When pages are fetched; "never" by default, so that a config without `[article]` sends
    /// exactly the requests it always did (capture doubles the traffic to publishers).
    public var fetch: ArticleFetchPolicy
    public var capture: CaptureOptions

    public init(fetch: ArticleFetchPolicy = .never, capture: CaptureOptions = CaptureOptions()) {
        self.fetch = fetch
        self.capture = capture
    }
}

/// The `[metrics]` table.
public struct MetricsSettings: Sendable, Equatable {
    /// Where `GET /metrics` is served; nil (no `listen`): no metrics, no server, no cost.
    public var listen: ListenAddress?

    /// Settings with metrics on at `listen`, or off.
    public init(listen: ListenAddress? = nil) {
        self.listen = listen
    }
}

/// One `[[feed]]` table.
public struct FeedConfig: Sendable, Equatable, Hashable {
    /// The feed's absolute URL (relative references resolve against the config file).
    public var url: String
    /// The name the operator gave, if any (most of a long list have none: not storing the
    /// default for each of them saves a string a feed).
    public var givenName: String?
    /// Poll interval in seconds; nil follows the defaults and what the feed asks.
    public var interval: Int?
    /// Folder paths such as "Tech/Linux", kept for OPML export (the first is the feed's folder).
    public var categories: [String]
    /// This feed's `fetch_article`; nil follows `[article] fetch`.
    public var fetchArticle: ArticleFetchPolicy?
    /// Where the table (or feed-list line) was written.
    public var source: SourceLocation

    public init(url: String, name: String? = nil, interval: Int? = nil, categories: [String] = [],
                fetchArticle: ArticleFetchPolicy? = nil, source: SourceLocation) {
        self.url = url
        self.givenName = name
        self.interval = interval
        self.categories = categories
        self.fetchArticle = fetchArticle
        self.source = source
    }

    /// A short name for logs: the one given, else the URL's host and path.
    public var name: String {
        givenName ?? Self.displayName(url)
    }

    /// "news.example/feed.xml" for logs when the operator gave no name; a password in the URL
    /// masked first ("user:***@news.example/feed.xml"), since the name is shown everywhere.
    static func displayName(_ url: String) -> String {
        let url = URLCredentials.masked(url)
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        if url.hasPrefix("file:") { return (String(rest) as NSString).lastPathComponent }
        return String(rest)
    }
}

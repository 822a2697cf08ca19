// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "feedd",
    products: [
        .executable(name: "feedd", targets: ["feedd"]),
        // For the fuzzing package in Fuzz/, which depends on this one by path.
        .library(name: "FeedParsing", targets: ["FeedParsing"]),
        .library(name: "FeedURL", targets: ["FeedURL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // /metrics: the Prometheus registry, and NIO's HTTP/1 server pipeline (README: "Metrics").
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // C libraries, wrapped once at the edge.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(name: "CMalloc"),

        // Stages of the pipeline, each testable alone.
        .target(name: "FeedTime"),
        .target(name: "AddressPolicy"),
        .target(name: "FeedURL"),
        .target(name: "FeedParsing", dependencies: ["CLibXML2", "FeedURL", "FeedTime"]),
        .target(
            name: "HTTPFetching",
            dependencies: [
                "CCurl", "AddressPolicy",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(name: "FeedArchive", dependencies: ["FeedURL", "FeedTime"]),
        // The archive, feed state and host leases in PostgreSQL, shared by several nodes (libpq).
        .target(name: "PostgresStore", dependencies: ["CLibPQ", "FeedArchive", "FeedURL", "FeedTime"]),
        .target(name: "ArticleCapture", dependencies: ["ArticleExtraction", "HTTPFetching", "FeedURL"]),
        // HTML page -> article (headline, byline, date, body, captions); FeedParsing for its date reader.
        .target(name: "ArticleExtraction", dependencies: ["CLibXML2", "FeedURL", "FeedTime", "FeedParsing"]),
        // Subscription lists: OPML read and written, feed links found in HTML pages.
        .target(name: "FeedSubscriptions", dependencies: ["CLibXML2", "FeedURL"]),
        // Text for people (the ingest log, a terminal): control and bidi characters escaped.
        .target(name: "SafeText", dependencies: ["FeedURL"]),
        .target(
            name: "FeedMetrics",
            dependencies: [
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "FeedDaemon",
            dependencies: [
                "FeedTime", "FeedURL", "FeedParsing", "HTTPFetching", "FeedArchive", "ArticleCapture", "FeedSubscriptions",
                "AddressPolicy", "SafeText", "FeedMetrics", "PostgresStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "feedd",
            dependencies: [
                "FeedDaemon", "FeedParsing", "FeedArchive", "FeedTime", "FeedURL", "HTTPFetching", "ArticleExtraction", "ArticleCapture",
                "FeedSubscriptions", "SafeText", "CMalloc", "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Test helpers: a real HTTP server on 127.0.0.1, temporary directories, process spawning.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FeedTimeTests", dependencies: ["FeedTime"]),
        .testTarget(name: "AddressPolicyTests", dependencies: ["AddressPolicy"]),
        .testTarget(name: "FeedURLTests", dependencies: ["FeedURL", "TestSupport"]),
        .testTarget(
            name: "FeedParsingTests", dependencies: ["FeedParsing", "TestSupport"],
            resources: [.copy("Fixtures")]  // inputs the fuzzers in Fuzz/ found, replayed
        ),
        .testTarget(name: "HTTPFetchingTests", dependencies: ["HTTPFetching", "AddressPolicy", "TestSupport"]),
        .testTarget(name: "FeedArchiveTests", dependencies: ["FeedArchive", "TestSupport"]),
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresStore", "FeedArchive", "TestSupport"]),
        .testTarget(name: "ArticleCaptureTests", dependencies: ["ArticleCapture", "AddressPolicy", "TestSupport"]),
        .testTarget(
            name: "ArticleExtractionTests", dependencies: ["ArticleExtraction", "TestSupport"],
            resources: [.copy("Fixtures")]  // small pages written for the tests
        ),
        .testTarget(
            name: "FeedSubscriptionsTests", dependencies: ["FeedSubscriptions", "TestSupport"],
            resources: [.copy("Fixtures")]  // OPML files as other feed readers export them
        ),
        .testTarget(name: "SafeTextTests", dependencies: ["SafeText"]),
        .testTarget(name: "FeedDaemonTests", dependencies: ["FeedDaemon", "FeedMetrics", "TestSupport"]),
        .testTarget(name: "FeedMetricsTests", dependencies: ["FeedMetrics", "TestSupport"]),
        // Spawns the real binary: depending on it makes `swift test` build it.
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "feedd"]),
    ]
)

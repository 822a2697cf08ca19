// swift-tools-version:6.0
import PackageDescription

// libFuzzer harnesses for feedd's parser and URL canonicalizer, kept out of the main package
// so its build is untouched. Build and run them with `scripts/fuzz.sh` (see README.md).
let package = Package(
    name: "feedd-fuzz",
    products: [
        .executable(name: "fuzz-feed-parser", targets: ["FeedParserFuzzer"]),
        .executable(name: "fuzz-url", targets: ["URLFuzzer"]),
    ],
    dependencies: [
        .package(name: "feedd", path: ".."),
    ],
    targets: [
        // libFuzzer's driver entry point (the runtime comes with `-sanitize=fuzzer`).
        .systemLibrary(name: "CLibFuzzer"),
        // The properties both harnesses check, the framing of a fuzz input, libFuzzer's driver.
        .target(
            name: "FuzzChecks",
            dependencies: [
                "CLibFuzzer",
                .product(name: "FeedParsing", package: "feedd"),
                .product(name: "FeedURL", package: "feedd"),
            ]
        ),
        .executableTarget(name: "FeedParserFuzzer", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "URLFuzzer", dependencies: ["FuzzChecks"]),
    ]
)

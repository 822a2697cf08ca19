@testable import FeedDaemon
import FeedMetrics
import Foundation
import Testing
import TestSupport

@Suite struct ConfigLoaderTests {
    let environment = ["HOME": "/home/operator"]

    private func withConfig(_ text: String, dropIns: [String: String] = [:], body: (String, ConfigLoader) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/feedd.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if !dropIns.isEmpty {
            try FileManager.default.createDirectory(atPath: "\(directory.path)/feeds.d", withIntermediateDirectories: true)
            for (name, content) in dropIns {
                try content.write(toFile: "\(directory.path)/feeds.d/\(name)", atomically: true, encoding: .utf8)
            }
        }
        try body(path, ConfigLoader(environment: environment))
    }

    private func problems(_ loader: ConfigLoader, _ path: String) -> [ConfigProblem] {
        do {
            _ = try loader.load(path)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func readsEverySetting() throws {
        let text = """
        state_dir = "state"
        ingest_log = "/var/log/feedd/ingest.log"
        tracking_parameters = ["ref"]
        [poll]
        interval = "15m"
        min_interval = 60
        max_interval = "2h"
        jitter = 0.2
        retry_delay = "30s"
        max_retry_delay = "1h"
        concurrency = 8
        adaptive = false
        [http]
        concurrency = 4
        per_host = 1
        connect_timeout = "3s"
        timeout = "20s"
        low_speed_time = "5s"
        max_body = "2MiB"
        max_redirects = 2
        user_agent = "test-agent"
        allow_networks = ["127.0.0.0/8", "10.1.0.0/16", "fd00::/8", "192.168.1.7"]
        [archive]
        rotate = "none"
        max_segment_size = "64MiB"
        [[feed]]
        name = "A"
        url = "https://a.example/feed.xml"
        interval = "10m"
        [[feed]]
        url = "local/feed.xml"
        """
        try withConfig(text) { path, loader in
            let config = try loader.load(path)
            let directory = (path as NSString).deletingLastPathComponent
            #expect(config.stateDirectory == "\(directory)/state")
            #expect(config.ingestLogPath == "/var/log/feedd/ingest.log")
            #expect(config.extraTrackingParameters == ["ref"])
            #expect(config.poll == PollPolicy(defaultInterval: 900, minInterval: 60, maxInterval: 7200, jitter: 0.2,
                                               retryDelay: 30, maxRetryDelay: 3600, concurrency: 8, adaptive: false))
            #expect(config.fetch.maxConcurrentTransfers == 4)
            #expect(config.fetch.maxTransfersPerHost == 1)
            #expect(config.fetch.connectTimeoutSeconds == 3)
            #expect(config.fetch.totalTimeoutSeconds == 20)
            #expect(config.fetch.lowSpeedSeconds == 5)
            #expect(config.fetch.maxBodyBytes == 2 << 20)
            #expect(config.fetch.maxRedirects == 2)
            #expect(config.fetch.userAgent == "test-agent")
            #expect(config.fetch.addressPolicy.allowedNetworks.map(\.description)
                    == ["127.0.0.0/8", "10.1.0.0/16", "fd00::/8", "192.168.1.7/32"])
            #expect(config.archive == ArchiveSettings(rotateMonthly: false, maxSegmentBytes: 64 << 20))
            #expect(config.feeds.count == 2)
            #expect(config.feeds[0] == FeedConfig(url: "https://a.example/feed.xml", name: "A", interval: 600,
                                                  source: SourceLocation(file: path, line: 28)))
            #expect(config.feeds[1].url == "file://\(directory)/local/feed.xml")
            #expect(config.feeds[1].name == "feed.xml")
        }
    }

    @Test func aDefaultNameShowsNoPassword() {
        #expect(FeedConfig.displayName("https://ann:s3cret@feeds.example/rss") == "ann:***@feeds.example/rss")
        #expect(FeedConfig.displayName("https://feeds.example/rss") == "feeds.example/rss")
        let unnamed = FeedConfig(url: "https://ann:s3cret@feeds.example/rss", source: SourceLocation(file: "t", line: 1))
        #expect(unnamed.name == "ann:***@feeds.example/rss")
    }

    @Test func defaultsFollowSystemdThenXDG() throws {
        try withConfig("") { path, _ in
            let systemd = try ConfigLoader(environment: ["STATE_DIRECTORY": "/var/lib/feedd", "LOGS_DIRECTORY": "/var/log/feedd"]).load(path)
            #expect(systemd.stateDirectory == "/var/lib/feedd")
            #expect(systemd.ingestLogPath == "/var/log/feedd/ingest.log")
            let xdg = try ConfigLoader(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/h"]).load(path)
            #expect(xdg.stateDirectory == "/x/state/feedd")
            #expect(xdg.ingestLogPath == "/x/state/feedd/ingest.log")
            let home = try ConfigLoader(environment: ["HOME": "/h"]).load(path)
            #expect(home.stateDirectory == "/h/.local/state/feedd")
            let overridden = try ConfigLoader(stateDirectoryOverride: "/o", environment: ["STATE_DIRECTORY": "/s"]).load(path)
            #expect(overridden.stateDirectory == "/o")
        }
    }

    @Test func stateDirectoryOptionOverridesTheFileWithoutAComplaint() throws {
        try withConfig("state_dir = \"from-file\"\n[[feed]]\nurl = \"https://a.example/\"\n") { path, _ in
            let config = try ConfigLoader(stateDirectoryOverride: "/o", environment: environment).load(path)
            #expect(config.stateDirectory == "/o")
        }
    }

    @Test func dropInsAddFeeds() throws {
        try withConfig("[[feed]]\nurl = \"https://a.example/\"\n", dropIns: [
            "b.toml": "[[feed]]\nurl = \"https://b.example/\"\n",
            "c.toml": "[[feed]]\nurl = \"https://c.example/\"\n[[feed]]\nurl = \"https://d.example/\"\n",
            "ignored.txt": "not toml",
        ]) { path, loader in
            let urls = try loader.load(path).feeds.map(\.url)
            #expect(urls == ["https://a.example/", "https://b.example/", "https://c.example/", "https://d.example/"])
        }
    }

    @Test func reportsEveryProblemWithFileAndLine() throws {
        let text = """
        state_dir = "s"
        colour = "blue"
        [poll]
        interval = "soon"
        min_intervall = "5m"
        [[feed]]
        url = "https://a.example/feed"
        [[feed]]
        url = "ftp://x.example/y"
        [[feed]]
        name = "no url"
        """
        try withConfig(text, dropIns: [
            "a.toml": "[[feed]]\nurl = \"https://b.example/\"\nintervl = 5\n",
            "b.toml": "[[feed]\nurl = ",
            "c.toml": "state_dir = \"x\"\n",
        ]) { path, loader in
            let found = problems(loader, path).map { problem in
                "\((problem.location.file as NSString).lastPathComponent):\(problem.location.line ?? 0): \(problem.message)"
            }
            #expect(found.contains("feedd.toml:2: unknown key \"colour\""))
            #expect(found.contains { $0.hasPrefix("feedd.toml:4: \"poll.interval\" must be a duration") })
            #expect(found.contains("feedd.toml:5: unknown key \"min_intervall\" in [poll] (did you mean \"min_interval\"?)"))
            #expect(found.contains { $0.hasPrefix("feedd.toml:9: \"ftp://x.example/y\" is not a usable feed URL") })
            #expect(found.contains("feedd.toml:10: [[feed]] has no url"))
            #expect(found.contains("a.toml:3: unknown key \"intervl\" in [[feed]] (did you mean \"interval\"?)"))
            #expect(found.contains { $0.hasPrefix("b.toml:1: TOML syntax error") })
            #expect(found.contains("c.toml:1: only [[feed]] tables belong in a drop-in file (found \"state_dir\")"))
            #expect(found.count == 8)
        }
    }

    @Test func rejectsDuplicateFeedsAcrossFiles() throws {
        try withConfig("[[feed]]\nurl = \"https://a.example/feed\"\n", dropIns: [
            "dup.toml": "[[feed]]\nname = \"again\"\nurl = \"https://a.example/feed\"\n",
        ]) { path, loader in
            let found = problems(loader, path)
            #expect(found.count == 1)
            #expect(found.first?.location.line == 3)
            #expect(found.first?.message == "feed https://a.example/feed is already listed at \(path):2")
        }
    }

    @Test func unreadableDropInIsReported() throws {
        try withConfig("", dropIns: ["good.toml": ""]) { path, loader in
            let directory = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: "\(directory)/feeds.d/broken.toml", withIntermediateDirectories: true)
            let found = problems(loader, path)
            #expect(found.count == 1)
            #expect(found.first?.location.file == "\(directory)/feeds.d/broken.toml")
            #expect(found.first?.message.hasPrefix("cannot read") == true)
        }
    }

    @Test func missingFileIsOneProblem() {
        let found = problems(ConfigLoader(environment: environment), "/nonexistent/feedd.toml")
        #expect(found.count == 1)
        #expect(found.first?.description.hasPrefix("/nonexistent/feedd.toml: cannot read") == true)
    }

    @Test func rejectsBadValues() throws {
        let text = """
        [poll]
        jitter = 2
        min_interval = "2h"
        max_interval = "1h"
        [http]
        per_host = 0
        max_body = "1"
        [archive]
        rotate = "weekly"
        """
        try withConfig(text) { path, loader in
            let found = problems(loader, path).map(\.message)
            #expect(found.contains { $0.contains("\"poll.jitter\" must be a number from 0.0 to 0.5") })
            #expect(found.contains { $0.contains("min_interval (7200 s) is longer than max_interval (3600 s)") })
            #expect(found.contains { $0.contains("\"http.per_host\" must be a whole number from 1 to 64") })
            #expect(found.contains { $0.contains("\"http.max_body\" must be a size from 1024 bytes to 256 MiB") })
            #expect(found.contains { $0.contains("\"archive.rotate\" must be \"monthly\" or \"none\"") })
        }
    }

    @Test func defaultPolicyAllowsNoSpecialNetworks() throws {
        try withConfig("[[feed]]\nurl = \"https://a.example/feed\"\n") { path, loader in
            let config = try loader.load(path)
            #expect(config.fetch.addressPolicy.allowedNetworks.isEmpty)
        }
    }

    @Test func badAllowedNetworksAreErrorsWithFileAndLine() throws {
        let text = """
        [http]
        timeout = "30s"
        allow_networks = ["127.0.0.0/8", "10.1.2.3/16", "intranet", "fd00::/200"]
        """
        try withConfig(text) { path, loader in
            let found = problems(loader, path).map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line ?? 0): \($0.message)" }
            #expect(found == [
                "feedd.toml:3: \"http.allow_networks\" entry \"10.1.2.3/16\" is not a network: 10.1.2.3/16 has host bits set (did you mean 10.1.0.0/16?)",
                "feedd.toml:3: \"http.allow_networks\" entry \"intranet\" is not a network: \"intranet\" is not an IPv4 or IPv6 address",
                "feedd.toml:3: \"http.allow_networks\" entry \"fd00::/200\" is not a network: prefix length 200 is not from 0 to 128",
            ])
        }
        try withConfig("[http]\nallow_networks = \"10.0.0.0/8\"\n") { path, loader in
            #expect(problems(loader, path).map(\.message) == ["\"http.allow_networks\" must be an array of strings"])
        }
    }

    /// Limits a typo could turn into exhausted memory or descriptors, or a feed holding its slot for hours.
    @Test(arguments: [
        ("[http]\nmax_body = \"1GiB\"", "\"http.max_body\" must be a size from 1024 bytes to 256 MiB"),
        ("[http]\ntimeout = \"2h\"", "\"http.timeout\" must be a duration from 1 s to 3600 s"),
        ("[http]\nconnect_timeout = \"10m\"", "\"http.connect_timeout\" must be a duration from 1 s to 300 s"),
        ("[http]\nlow_speed_time = 7200", "\"http.low_speed_time\" must be a duration from 1 s to 3600 s"),
        ("[http]\nconcurrency = 5000", "\"http.concurrency\" must be a whole number from 1 to 1024"),
        ("[http]\nper_host = 100", "\"http.per_host\" must be a whole number from 1 to 64"),
        ("[poll]\nconcurrency = 2000", "\"poll.concurrency\" must be a whole number from 1 to 1024"),
        ("[http]\nmax_redirects = 50", "\"http.max_redirects\" must be a whole number from 0 to 20"),
        ("[article]\ntimeout = \"1d\"", "\"article.timeout\" must be a duration from 1 s to 3600 s"),
    ])
    func limitsHaveUpperBounds(text: String, message: String) throws {
        try withConfig(text) { path, loader in
            let found = problems(loader, path).map(\.message)
            #expect(found.count == 1)
            #expect(found.first?.hasPrefix(message) == true, "\(found)")
        }
        let highest = [
            "[http]\nmax_body = \"256MiB\"\ntimeout = \"1h\"\nconnect_timeout = \"5m\"\nlow_speed_time = \"1h\"\nconcurrency = 1024\nper_host = 64",
            "[poll]\nconcurrency = 1024",
        ]
        for accepted in highest {
            try withConfig(accepted) { path, loader in #expect(problems(loader, path).isEmpty) }
        }
    }

    @Test func metricsAreOffUnlessListenIsSet() throws {
        try withConfig("[[feed]]\nurl = \"https://a.example/\"\n") { path, loader in
            let config = try loader.load(path)
            #expect(config.metrics.listen == nil)
        }
        try withConfig("[metrics]\nlisten = \"127.0.0.1:9464\"\n") { path, loader in
            let config = try loader.load(path)
            #expect(config.metrics.listen == ListenAddress(host: "127.0.0.1", port: 9464))
        }
    }

    @Test func badMetricsSettingsNameTheLine() throws {
        try withConfig("state_dir = \"s\"\n[metrics]\nlisten = \"127.0.0.1\"\nport = 9464\n") { path, loader in
            let found = problems(loader, path).map { "\($0.location.line ?? 0): \($0.message)" }
            #expect(found == [
                "3: \"metrics.listen\": \"127.0.0.1\" is not host:port such as \"127.0.0.1:9464\"",
                "4: unknown key \"port\" in [metrics]",
            ])
        }
        try withConfig("[metrics]\nlisten = 9464\n") { path, loader in
            #expect(problems(loader, path).map(\.description) == ["\(path):2: \"metrics.listen\" must be a string"])
        }
    }

    @Test func readsTheSharedStoreAndTheNodeName() throws {
        try withConfig("[archive]\nstore = \"postgres://feedd:secret@db.example:5433/feedd?sslmode=require\"\nlease = \"90s\"\n") { path, _ in
            let loader = ConfigLoader(environment: environment.merging(["FEEDD_NODE": "node-7"]) { _, new in new })
            let config = try loader.load(path)
            #expect(config.archive.store == .postgres(uri: "postgres://feedd:secret@db.example:5433/feedd?sslmode=require"))
            #expect(config.archive.leaseSeconds == 90)
            #expect(config.archive.node == "node-7")
        }
        try withConfig("state_dir = \"s\"\n") { path, loader in
            let config = try loader.load(path)
            #expect(config.archive.store == .local && config.archive.leaseSeconds == 60)
            #expect(config.archive.node == ArchiveSettings.hostName)
        }
    }

    @Test func rejectsAStoreThatIsNeitherLocalNorAUsableURI() throws {
        try withConfig("[archive]\nstore = \"mysql://db/feedd\"\nlease = \"1s\"\n") { path, loader in
            #expect(problems(loader, path).map(\.description) == [
                "\(path):2: \"archive.store\" must be \"local\" or a postgresql:// URI (got \"mysql://db/feedd\")",
                "\(path):3: \"archive.lease\" must be a duration of at least 2 s such as \"90s\", \"15m\", \"2h\" or \"1d\" (got \"1s\")",
            ])
        }
        try withConfig("[archive]\nstore = \"postgresql://u:pw@[::1/feedd\"\n") { path, loader in
            let found = problems(loader, path).map(\.description)
            #expect(found.count == 1 && found[0].hasPrefix("\(path):2: \"archive.store\" is not a usable PostgreSQL URI: "), "\(found)")
        }
    }
}

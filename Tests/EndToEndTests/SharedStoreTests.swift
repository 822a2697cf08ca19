import Foundation
import Testing
import TestSupport

extension EndToEnd {
    /// Several nodes on one PostgreSQL archive: leases, exactly-once polling, node death,
    /// database restarts, migration from a local archive. A real server, started per test.
    @Suite(.enabled(if: TestPostgres.isAvailable, "\(TestPostgres.unavailableReason)"))
    struct SharedStoreTests {
        @Test func threeNodesPollOnceFetchEveryFeedExactlyOnceInTotal() throws {
            // Four polls at once, two per host: a node claims two hosts at a time, so the three
            // share the eight hosts even though they start a few milliseconds apart.
            let cluster = try Cluster(feeds: 240, hosts: 8, concurrency: 4)
            defer { cluster.remove() }
            let nodes = try (1...3).map { try cluster.start(["poll-once"], node: "n\($0)") }
            for node in nodes { #expect(node.waitForExit(timeout: .seconds(600))) }
            for node in nodes { #expect(node.exitStatus == 0, "\(node.stdout)\n\(node.stderr)") }

            let counts = cluster.farm.requestCounts()
            let feedPaths = cluster.farm.feedURLs.map { String($0[$0.range(of: "/feeds/")!.lowerBound...]) }
            let fetches = feedPaths.map { counts[$0] ?? 0 }
            #expect(fetches.allSatisfy { $0 == 1 }, "fetch counts: \(Dictionary(grouping: fetches, by: { $0 }).mapValues(\.count))")
            let polledHere = nodes.map { Cluster.polledCount($0.stdout) }
            #expect(polledHere.reduce(0, +) == feedPaths.count, "per node: \(polledHere)")
            print("three nodes, \(feedPaths.count) feeds on \(cluster.farm.hosts) hosts: per-feed fetches "
                  + "\(Dictionary(grouping: fetches, by: { $0 }).mapValues(\.count)), feeds polled per node \(polledHere)")

            let archived = try cluster.exportedURLs()
            #expect(archived.count == Set(archived).count)
            #expect(Set(archived) == Set(cluster.farm.truth), "archived \(archived.count), truth \(cluster.farm.truth.count)")
            // Each item was logged as ingested by exactly one node.
            let ingested = cluster.ingestedURLs()
            #expect(ingested.count == cluster.farm.truth.count && Set(ingested) == Set(archived))
        }

        @Test func aNodeKilledWithSIGKILLLosesNothingAndItsHostsPassToTheOthers() throws {
            let feeds = 120
            let cluster = try Cluster(feeds: feeds, hosts: 6, keepAll: true, lease: "3s")
            defer { cluster.remove() }
            var nodes = try (1...3).map { try cluster.start(["run"], node: "n\($0)") }
            defer { for node in nodes { node.stop() } }
            #expect(Wait.until(timeout: .seconds(120)) { cluster.hostsHeld(by: "n1") > 0 && cluster.itemCount() > 0 },
                    "n1 never held a host")
            nodes[0].signal(SIGKILL)
            #expect(nodes[0].waitForExit(timeout: .seconds(30)))
            for generation in 1...3 {
                try cluster.farm.generate(feeds: feeds, generation: generation, keepAll: true)
                let truth = cluster.farm.truth.count
                #expect(Wait.until(timeout: .seconds(240)) { cluster.itemCount() == truth },
                        "generation \(generation): \(cluster.itemCount()) of \(truth) items archived")
            }
            // The dead node's leases ran out and the survivors hold every host.
            #expect(Wait.until(timeout: .seconds(60)) {
                cluster.hostsHeld(by: "n1") == 0 && cluster.hostsHeld(by: "n2") + cluster.hostsHeld(by: "n3") == cluster.farm.hosts
            }, "hosts held: n1 \(cluster.hostsHeld(by: "n1")), n2 \(cluster.hostsHeld(by: "n2")), n3 \(cluster.hostsHeld(by: "n3"))")
            for node in nodes.dropFirst() { #expect(node.stop() == 0, "\(node.stderr)") }
            nodes = []

            let archived = try cluster.exportedURLs()
            print("kill test: archive \(archived.count) items (\(Set(archived).count) distinct), truth \(cluster.farm.truth.count)")
            #expect(archived.count == Set(archived).count)
            #expect(Set(archived) == Set(cluster.farm.truth),
                    "missing \(Set(cluster.farm.truth).subtracting(archived).count), extra \(Set(archived).subtracting(cluster.farm.truth).count)")
            let ingested = cluster.ingestedURLs()
            #expect(ingested.count == Set(ingested).count, "an item was logged as ingested twice")
            #expect(Set(ingested).isSubset(of: Set(archived)))
        }

        /// The daemon's feed states go to the database through the schedule's store (only what
        /// changed, each lease round and at stop), and a node taking the hosts over continues
        /// from them: its first poll of every feed is conditional, answered 304.
        @Test func aDaemonSavesFeedStatesAndTheNextNodeContinuesThem() throws {
            let feeds = 20
            let cluster = try Cluster(feeds: feeds, hosts: 2, lease: "3s")
            defer { cluster.remove() }
            let first = try cluster.start(["run"], node: "n1")
            defer { first.stop() }
            #expect(Wait.until(timeout: .seconds(120)) { cluster.statesWithValidators() == feeds },
                    "states with validators in the database: \(cluster.statesWithValidators()) of \(feeds)")
            #expect(first.stop() == 0, "\(first.stderr)")

            let second = try cluster.start(["run"], node: "n2")
            defer { second.stop() }
            func firstPolls() -> [String: String] {
                var statuses: [String: String] = [:]
                for line in cluster.ingestLog("n2") where line.contains(" polled ") {
                    guard let feed = Cluster.field("feed", of: line), statuses[feed] == nil else { continue }
                    statuses[feed] = Cluster.field("status", of: line)
                }
                return statuses
            }
            #expect(Wait.until(timeout: .seconds(120)) { firstPolls().count == feeds }, "n2 polled \(firstPolls().count) of \(feeds) feeds")
            #expect(second.stop() == 0, "\(second.stderr)")
            let statuses = firstPolls()
            #expect(statuses.count == feeds && statuses.values.allSatisfy { $0 == "304" },
                    "n2's first poll of each feed: \(Dictionary(grouping: statuses.values, by: { $0 }).mapValues(\.count))")
        }

        @Test func aDatabaseRestartUnderLoadFailsPollsThenLosesNothing() throws {
            let feeds = 150
            let cluster = try Cluster(feeds: feeds, hosts: 3, keepAll: true)
            defer { cluster.remove() }
            let node = try cluster.start(["run"], node: "solo")
            defer { node.stop() }
            #expect(Wait.until(timeout: .seconds(120)) { cluster.itemCount() > 0 })
            try cluster.server.shutDown()
            try cluster.farm.generate(feeds: feeds, generation: 1, keepAll: true)
            #expect(Wait.until(timeout: .seconds(120)) {
                cluster.ingestLog("solo").contains { $0.contains(" failed ") && $0.contains("cause=\"database unavailable\"") }
            }, "no poll failed with the database down:\n\(cluster.ingestLog("solo").suffix(5).joined(separator: "\n"))")
            try cluster.server.startAgain()
            try cluster.farm.generate(feeds: feeds, generation: 2, keepAll: true)
            let truth = cluster.farm.truth.count
            #expect(Wait.until(timeout: .seconds(240)) { cluster.itemCount() == truth }, "\(cluster.itemCount()) of \(truth)")
            #expect(node.isRunning)
            #expect(node.stop() == 0, "\(node.stderr)")

            let archived = Set(try cluster.exportedURLs())
            #expect(archived == Set(cluster.farm.truth))
            // Nothing was logged as ingested unless it was committed.
            let ingested = cluster.ingestedURLs()
            #expect(ingested.count == Set(ingested).count && Set(ingested).isSubset(of: archived))
        }

        /// The archive gauges of a node on a shared store report the database's tables.
        @Test func metricsReportTheSharedArchive() throws {
            let cluster = try Cluster(feeds: 40, hosts: 2)
            defer { cluster.remove() }
            let port = try FreePort.find()
            let config = try String(contentsOfFile: cluster.configPath, encoding: .utf8)
            try cluster.workspace.write(config + "\n[metrics]\nlisten = \"127.0.0.1:\(port)\"\n", to: cluster.configPath)
            let node = try cluster.start(["run"], node: "solo")
            defer { node.stop() }
            let truth = cluster.farm.truth.count
            #expect(Wait.until(timeout: .seconds(120)) { cluster.itemCount() == truth }, "\(cluster.itemCount()) of \(truth)")
            // The server's live-row count catches up once the writer's transactions are reported.
            var scrape: Scrape?
            #expect(Wait.until(timeout: .seconds(90)) {
                scrape = try? Scrape.fetch("http://127.0.0.1:\(port)/metrics")
                return scrape?["feedd_archive_items"] == Double(truth)
            }, "feedd_archive_items \(String(describing: scrape?["feedd_archive_items"])), items \(truth)")
            #expect((scrape?["feedd_archive_bytes"] ?? 0) > Double(truth) * 100)
        }

        @Test func migrateFromLocalCopiesTheArchiveOnceAndTheFeedsContinue() throws {
            let cluster = try Cluster(feeds: 100, hosts: 2)
            defer { cluster.remove() }
            // A node that ran on its local archive first.
            let local = "\(cluster.workspace.root)/local.toml"
            try cluster.workspace.write(Cluster.config(feeds: cluster.farm.feedURLs, store: nil), to: local)
            let localState = "\(cluster.workspace.root)/local-state"
            let polled = try cluster.workspace.feedd(["poll-once", "--config", local, "--state-dir", localState])
            #expect(polled.status == 0, "\(polled.stderr)")
            let localLines = try cluster.workspace.feedd(["export", "--config", local, "--state-dir", localState]).stdout
                .split(separator: "\n").map(String.init)
            #expect(localLines.count == cluster.farm.truth.count)

            let first = try cluster.workspace.feedd(["migrate", "--config", cluster.configPath, "--from-local", localState])
            #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
            #expect(first.stdout.contains("\(localLines.count) items (\(localLines.count) new)"), "\(first.stdout)")
            #expect(first.stdout.contains("100 feed states (100 new)"), "\(first.stdout)")
            let second = try cluster.workspace.feedd(["migrate", "--config", cluster.configPath, "--from-local", localState])
            #expect(second.status == 0)
            #expect(second.stdout.contains("\(localLines.count) items (0 new)") && second.stdout.contains("(0 new)"), "\(second.stdout)")
            // Every field came across: the database exports the same lines.
            let shared = try cluster.workspace.feedd(["export", "--config", cluster.configPath]).stdout.split(separator: "\n").map(String.init)
            #expect(Set(shared) == Set(localLines) && shared.count == localLines.count)
            // The feed states came too: a poll on the database is all 304s and archives nothing.
            let next = try cluster.workspace.feedd(["poll-once", "--config", cluster.configPath, "--state-dir", "\(cluster.workspace.root)/n1"])
            #expect(next.status == 0, "\(next.stderr)")
            #expect(next.stdout.contains("100 not modified") && next.stdout.contains("0 new"), "\(next.stdout)")
            // tail follows the node's own log.
            let tail = try cluster.workspace.feedd(["tail", "--config", cluster.configPath, "--state-dir", "\(cluster.workspace.root)/n1", "-n", "2"])
            #expect(tail.status == 0 && tail.stdout.split(separator: "\n").count == 2 && tail.stdout.contains(" polled "), "\(tail.stdout)")
            let status = try cluster.workspace.feedd(["status", "--config", cluster.configPath])
            #expect(status.status == 0 && status.stdout.contains("\(localLines.count) items"), "\(status.stdout)\n\(status.stderr)")
            #expect(status.stdout.contains("f99") && status.stdout.contains(" 304 "), "\(status.stdout)")
            let check = try cluster.workspace.feedd(["reindex", "--config", cluster.configPath])
            #expect(check.status == 0 && check.stdout.contains("checked \(localLines.count) items: 0 with a wrong dedup key"), "\(check.stdout)")
        }

        @Test func pollOnceSkipsGoneAndRetryAfterFeedsUnlessForced() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let database = try TestPostgres()
            defer { database.stop() }
            let uri = try database.createDatabase("feedd")
            // Until `recover()`, one feed says 503 Retry-After: 3600 and another 410 Gone.
            let troubled = try TroubledFeeds()
            let server = troubled.server
            defer { server.stop() }
            try workspace.writeConfig(feeds: troubled.feeds, extra: "[archive]\nstore = \"\(uri)\"\n")

            let first = try workspace.pollOnce()
            #expect(first.stdout.contains("polled 3 feeds") && first.stdout.contains("1 failed, 1 gone"), "\(first.stdout)\(first.stderr)")

            // A second pass (another node's, say) asks neither again, and says so.
            troubled.recover()
            let second = try workspace.pollOnce()
            #expect(second.status == 0, "skipped feeds are not failures: \(second.stdout)\(second.stderr)")
            #expect(second.stdout.contains("polled 1 feeds in") && second.stdout.contains("(2 skipped)"), "\(second.stdout)")
            #expect(second.stdout.contains("skipped: 1 gone (410), 1 asked to wait (Retry-After); --force polls them"), "\(second.stdout)")
            #expect(second.stdout.contains("  busy: Retry-After until "), "\(second.stdout)")
            #expect(server.requests(to: "/busy.xml").count == 1)
            #expect(server.requests(to: "/gone.xml").count == 1)

            // --force asks both; they answer now, and the gone feed is an ordinary one again.
            let forced = try workspace.feedd(["poll-once", "--force", "--config", workspace.configPath])
            #expect(forced.status == 0, "\(forced.stdout)\(forced.stderr)")
            #expect(forced.stdout.contains("polled 3 feeds in") && !forced.stdout.contains("skipped"), "\(forced.stdout)")
            #expect(server.requests(to: "/busy.xml").count == 2)
            #expect(server.requests(to: "/gone.xml").count == 2)
            let exported = try workspace.feedd(["export", "--config", workspace.configPath]).stdout.split(separator: "\n")
            #expect(exported.count == 2 + 3 + 1)
            let fourth = try workspace.pollOnce()
            #expect(fourth.stdout.contains("polled 3 feeds in") && !fourth.stdout.contains("skipped"), "\(fourth.stdout)")
        }

        @Test func configChecksConnectionAndRefusesANewerSchema() throws {
            let cluster = try Cluster(feeds: 2, hosts: 1)
            defer { cluster.remove() }
            let bad = "\(cluster.workspace.root)/bad.toml"
            try cluster.workspace.write("[archive]\nrotate = \"monthly\"\nstore = \"postgresql://host:notaport/db\"\nlease = \"1s\"\n"
                                        + "[[feed]]\nurl = \"https://example.com/feed.xml\"\n", to: bad)
            let rejected = try cluster.workspace.feedd(["check-config", bad])
            #expect(rejected.status == 78)
            #expect(rejected.stdout.contains("\(bad):3:") && rejected.stdout.contains("invalid port \"notaport\""), "\(rejected.stdout)")
            #expect(rejected.stdout.contains("\(bad):4:") && rejected.stdout.contains("archive.lease"), "\(rejected.stdout)")
            try cluster.workspace.write("[archive]\nstore = \"postgresql://db.example/feedd?nonsense=1\"\n", to: bad)
            let unknown = try cluster.workspace.feedd(["check-config", bad])
            #expect(unknown.status == 78 && unknown.stdout.contains("\(bad):2:") && unknown.stdout.contains("nonsense"), "\(unknown.stdout)")

            let connected = try cluster.workspace.feedd(["check-config", "--connect", cluster.configPath])
            #expect(connected.status == 0 && connected.stdout.contains("no feedd schema yet"), "\(connected.stdout)")
            let migrated = try cluster.workspace.feedd(["migrate", "--config", cluster.configPath])
            #expect(migrated.status == 0 && migrated.stdout.contains("schema at version"), "\(migrated.stdout)")
            try cluster.server.sql("INSERT INTO feedd_schema (version, summary) VALUES (99, 'from the future')", database: "feedd")
            let refused = try cluster.workspace.feedd(["run", "--config", cluster.configPath, "--state-dir", "\(cluster.workspace.root)/n1"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("schema is version 99, newer than this feedd knows"), "\(refused.stderr)")
            let check = try cluster.workspace.feedd(["check-config", "--connect", cluster.configPath])
            #expect(check.status == 1 && check.stdout.contains("newer than this feedd knows"), "\(check.stdout)")

            try cluster.server.shutDown()
            let down = try cluster.workspace.feedd(["check-config", "--connect", cluster.configPath])
            #expect(down.status == 1 && down.stdout.contains("database unavailable"), "\(down.stdout)")
        }
    }
}

/// A PostgreSQL server, a farm and a config they share, for the tests above.
struct Cluster {
    let workspace: Workspace
    let server: TestPostgres
    let farm: FeedFarm
    let uri: String
    var configPath: String { workspace.configPath }

    init(feeds: Int, hosts: Int, keepAll: Bool = false, lease: String = "60s", concurrency: Int? = nil) throws {
        workspace = try Workspace()
        server = try TestPostgres()
        uri = try server.createDatabase("feedd")
        farm = try FeedFarm(directory: "\(workspace.root)/farm", feeds: feeds, keepAll: keepAll, hosts: hosts,
                            accessLog: "\(workspace.root)/access.log")
        try workspace.write(Self.config(feeds: farm.feedURLs, store: uri, lease: lease, concurrency: concurrency),
                            to: workspace.configPath)
    }

    /// The config every node reads: fast polling, the farm's feeds, the database when given.
    static func config(feeds: [String], store: String?, lease: String = "60s", concurrency: Int? = nil) -> String {
        var text = ""
        if let store { text += "[archive]\nstore = \"\(store)\"\nlease = \"\(lease)\"\n\n" }
        text += "[poll]\n\(Workspace.fastPolling)\n"
        if let concurrency { text += "concurrency = \(concurrency)\n" }
        text += "\n[http]\nper_host = 2\n"
        for (index, url) in feeds.enumerated() { text += "\n[[feed]]\nname = \"f\(index)\"\nurl = \"\(url)\"\n" }
        return text
    }

    /// `feedd COMMAND` as node `node`, with a state directory (ingest log) of its own.
    func start(_ command: [String], node: String) throws -> FeeddProcess {
        try FeeddProcess(command + ["--config", configPath, "--state-dir", "\(workspace.root)/\(node)", "--node", node],
                         workingDirectory: workspace.root)
    }

    func itemCount() -> Int {
        Int(((try? server.sql("SELECT count(*) FROM items", database: "feedd")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Feeds whose saved state in the database holds a validator (an ETag or Last-Modified).
    func statesWithValidators() -> Int {
        let sql = "SELECT count(*) FROM feeds WHERE polled_at IS NOT NULL AND (state ? 'etag' OR state ? 'last_modified')"
        return Int(((try? server.sql(sql, database: "feedd")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// The value of `key=` in an ingest log line.
    static func field(_ key: String, of line: String) -> String? {
        guard let range = line.range(of: " \(key)=") else { return nil }
        return String(line[range.upperBound...].prefix { $0 != " " })
    }

    /// Hosts whose live lease belongs to a process of node `name`.
    func hostsHeld(by name: String) -> Int {
        let sql = "SELECT count(*) FROM hosts h JOIN nodes n ON n.id = h.node WHERE n.name = '\(name)' AND h.expires_at > now()"
        return Int(((try? server.sql(sql, database: "feedd")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func exportedURLs() throws -> [String] {
        let export = try workspace.feedd(["export", "--config", configPath])
        guard export.status == 0 else { throw TestSupportError("export failed: \(export.stderr)") }
        return export.stdout.split(separator: "\n").compactMap { line in
            ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["canonical_url"] as? String
        }
    }

    func ingestLog(_ node: String) -> [String] {
        ((try? String(contentsOfFile: "\(workspace.root)/\(node)/ingest.log", encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    /// The canonical URL of every `ingested` line of every node's log.
    func ingestedURLs() -> [String] {
        let nodes = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.root)) ?? [])
            .filter { FileManager.default.fileExists(atPath: "\(workspace.root)/\($0)/ingest.log") }
        return nodes.flatMap { ingestLog($0) }.compactMap { line -> String? in
            guard line.contains(" ingested "), let range = line.range(of: " url=") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " })
        }
    }

    /// "node n1 polled 80 of them" in a poll-once summary.
    static func polledCount(_ summary: String) -> Int {
        guard let range = summary.range(of: " polled ", options: [], range: summary.range(of: "node ").map { $0.upperBound..<summary.endIndex })
        else { return 0 }
        return Int(summary[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    func remove() {
        farm.stop()
        server.stop()
        workspace.remove()
    }
}

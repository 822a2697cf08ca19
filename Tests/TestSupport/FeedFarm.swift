import Foundation

/// A feed farm of the repository's own generator (`scripts/farm/make_farm.py`), served by
/// nginx through `scripts/farm/serve.sh`: RSS, Atom, RDF and JSON feeds in several encodings,
/// full of dedup traps, with the truth a correct ingestor archives.
public final class FeedFarm: Sendable {
    public let directory: String
    public let port: Int
    /// The fraction of feeds that publish new items in each generation.
    public let changed: Double

    /// Spread over 127.0.0.1..127.0.0.`hosts`.
    public let hosts: Int
    /// nginx's access log (combined format), when asked for.
    public let accessLog: String?

    /// Generates `feeds` feeds (generation `generation`) into `directory` and starts nginx on a free
    /// port, on `hosts` loopback addresses, logging every request to `accessLog` if given.
    public init(directory: String, feeds: Int, generation: Int = 0, keepAll: Bool = false, changed: Double = 0.05,
                port: Int? = nil, hosts: Int = 1, accessLog: String? = nil) throws {
        self.directory = directory
        self.changed = changed
        self.port = try port ?? FreePort.find()
        self.hosts = hosts
        self.accessLog = accessLog
        try generate(feeds: feeds, generation: generation, keepAll: keepAll)
        Self.openToNginx(directory)
        do {
            var command = [Self.serveScript, "start", directory, String(self.port), String(hosts)]
            if let accessLog { command = ["env", "FARM_ACCESS_LOG=\(accessLog)"] + command }
            try Self.shell(command)
        } catch {
            stop()
            throw error
        }
    }

    static var serveScript: String { Repository.path("scripts/farm/serve.sh") }

    /// Advances the farm to `generation` in place (only changed files are rewritten).
    public func generate(feeds: Int, generation: Int, keepAll: Bool = false) throws {
        var arguments = [Repository.path("scripts/farm/make_farm.py"), "--out", directory, "--feeds", String(feeds),
                         "--gen", String(generation), "--changed", String(changed), "--port", String(port),
                         "--hosts", String(hosts)]
        if keepAll { arguments.append("--keep-all") }
        try Self.shell(["python3"] + arguments)
    }

    /// nginx's workers run as nobody: the directories above a farm must let them through.
    static func openToNginx(_ directory: String) {
        var ancestor = (directory as NSString).deletingLastPathComponent
        while ancestor.count > 1 {
            var info = stat()
            if stat(ancestor, &info) == 0, info.st_mode & 0o005 != 0o005 { chmod(ancestor, info.st_mode | 0o005) }
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
    }

    /// How many times each path was requested, from the access log.
    public func requestCounts() -> [String: Int] {
        guard let accessLog, let text = try? String(contentsOfFile: accessLog, encoding: .utf8) else { return [:] }
        var counts: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            // 127.0.0.1 - - [date] "GET /feeds/f00001.xml HTTP/1.1" 200 …
            guard let request = line.split(separator: "\"", maxSplits: 2, omittingEmptySubsequences: false).dropFirst().first else { continue }
            let parts = request.split(separator: " ")
            if parts.count >= 2 { counts[String(parts[1]), default: 0] += 1 }
        }
        return counts
    }

    public var feedURLs: [String] {
        ((try? String(contentsOfFile: "\(directory)/urls.txt", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The canonical URLs a correct ingestor has archived.
    public var truth: [String] {
        ((try? String(contentsOfFile: "\(directory)/truth.txt", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    public func stop() {
        _ = try? Self.shell([Self.serveScript, "stop", directory])
    }

    @discardableResult
    static func shell(_ command: [String]) throws -> String {
        let (status, output) = try ChildProcess.run(command)
        guard status == 0 else {
            throw TestSupportError("\(command.joined(separator: " ")) exited \(status): \(output)")
        }
        return output
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
public enum FreePort {
    public static func find() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw TestSupportError("bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

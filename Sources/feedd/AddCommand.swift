import ArgumentParser
import FeedDaemon
import FeedParsing
import Foundation
import HTTPFetching

/// `feedd add URL`: a feed, or the feeds a site's page links to, into `feeds.d/added.toml`.
struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a feed by its URL or by the URL of a page that links to it.",
        discussion: """
            When URL serves a feed, that feed is added. When it serves an HTML page, the feeds it \
            links to (<link rel="alternate"> of RSS, Atom and JSON Feed types) are listed, or, \
            when it links to none that works, those found at /feed, /rss.xml, /atom.xml and \
            /index.xml on its site; each is fetched and parsed first. On a terminal you choose \
            one; otherwise the first is added (--all adds every one). The [[feed]] table goes to \
            a drop-in in feeds_dir with a comment naming the date and URL, checked as \
            check-config would check it; a running feedd picks it up within seconds.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The feed's URL, or a page's (https:// is assumed when no scheme is given).", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("The feed's name in logs (default: the feed's title).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("Poll interval, e.g. 15m or 2h (default: [poll] interval).", valueName: "duration"))
    var interval: String?

    @Flag(help: "Add every feed the page links to, not just one.")
    var all = false

    @Option(name: .customLong("to"), help: ArgumentHelp("The drop-in to add to, in feeds_dir.", valueName: "dropin"))
    var dropIn = "added.toml"

    func validate() throws {
        if let interval, FeedTable.intervalSeconds(interval) == nil {
            throw ValidationError("--interval \(interval) is not a duration such as 90s, 15m, 2h or 1d")
        }
        if all, name != nil { throw ValidationError("--name names one feed; it cannot go with --all") }
    }

    func run() async throws {
        let editor = DropInEditor(configPath: options.configPath, loader: options.loader)
        do {
            let config = try editor.currentConfig()
            let target = try DropInEditor.dropInPath(dropIn, feedsDirectory: config.feedsDirectory)
            let typed = FeedFinder.absolute(url)
            if let existing = Self.configured(typed, in: config) {
                Console.error("\(typed) is already configured at \(existing.source)")
                throw ExitCode.failure
            }
            let search = try await find(typed, options: config.fetch)
            let fresh = report(search, config: config)
            guard !fresh.isEmpty else {
                Console.error(search.candidates.isEmpty ? "no feed found at \(typed)" : "every feed found is configured already")
                throw ExitCode.failure
            }
            let chosen = choose(from: fresh)
            let tables = chosen.map { candidate in
                FeedTable(url: candidate.url, name: name ?? candidate.title, interval: interval,
                          comment: "added \(FeedTable.day(Date())) by `feedd add` from \(typed)\(Self.note(candidate.origin))")
            }
            let edit = try editor.append(tables, to: target, fileHeader: Self.fileHeader)
            for (candidate, table) in zip(chosen, tables) {
                let line = edit.config.feeds.first { $0.url == candidate.url }?.source.description ?? edit.file
                Console.out("added \(candidate.url)\(table.name.map { " as \"\($0)\"" } ?? "") at \(line)")
            }
            Console.out("a running feedd picks \(chosen.count == 1 ? "it" : "them") up within seconds")
        } catch let error as DropInEditError {
            Console.error("\(error)")
            throw ExitCode.failure
        } catch let error as FeedFinder.Failure {
            Console.error("cannot add: \(error)")
            throw ExitCode.failure
        }
    }

    private func find(_ typed: String, options: FetchOptions) async throws -> FeedFinder.Search {
        let client: HTTPClient
        do {
            client = try HTTPClient(options: options)
        } catch {
            Console.error("cannot start the HTTP client: \(error)")
            throw ExitCode.failure
        }
        defer { client.shutdown() }
        return try await FeedFinder(client: client).find(typed)
    }

    /// Prints what was found; returns the working feeds not configured yet.
    private func report(_ search: FeedFinder.Search, config: DaemonConfig) -> [FeedFinder.Candidate] {
        if search.isFeed, let feed = search.candidates.first {
            Console.out("\(search.url) is a feed: \(Self.describe(feed))")
            return [feed]
        }
        let linked = search.candidates.filter { if case .linked = $0.origin { return true } else { return false } }
        if !linked.isEmpty {
            Console.out("\(search.url) is a page linking to \(linked.count) feed\(linked.count == 1 ? "" : "s"):")
        } else if !search.candidates.isEmpty {
            Console.out("\(search.url) is a page linking to no feed that works; found at common paths:")
        }
        var fresh: [FeedFinder.Candidate] = []
        for candidate in search.candidates {
            if let existing = Self.configured(candidate.url, in: config) {
                Console.out("  -  \(candidate.url)  (configured already at \(existing.source))")
            } else {
                fresh.append(candidate)
                Console.out("  \(fresh.count)) \(candidate.url)  \(Self.describe(candidate))")
            }
        }
        for rejected in search.rejected {
            Console.out("  x  \(rejected.url): \(rejected.reason)")
        }
        return fresh
    }

    /// Every one with --all; else the one the operator picks on a terminal, or the first.
    private func choose(from candidates: [FeedFinder.Candidate]) -> [FeedFinder.Candidate] {
        if all || candidates.count == 1 { return all ? candidates : [candidates[0]] }
        guard isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 else {
            Console.out("adding the first (--all adds every one)")
            return [candidates[0]]
        }
        while true {
            FileHandle.standardError.write(Data("Add which? [1-\(candidates.count), a for all; Enter: 1] ".utf8))
            guard let answer = readLine()?.trimmingCharacters(in: .whitespaces) else { return [candidates[0]] }
            if answer.isEmpty { return [candidates[0]] }
            if answer.lowercased() == "a", name == nil { return candidates }
            if let number = Int(answer), (1...candidates.count).contains(number) { return [candidates[number - 1]] }
        }
    }

    private static func configured(_ url: String, in config: DaemonConfig) -> FeedConfig? {
        let identity = ConfigLoader.identity(of: url)
        return config.feeds.first { ConfigLoader.identity(of: $0.url) == identity }
    }

    private static func describe(_ candidate: FeedFinder.Candidate) -> String {
        let title = candidate.title.map { "\"\($0)\", " } ?? ""
        return "\(title)\(formatName(candidate.format)), \(candidate.entries) entr\(candidate.entries == 1 ? "y" : "ies")"
    }

    private static func formatName(_ format: FeedFormat) -> String {
        switch format {
        case .rss090, .rss091, .rss092, .rss093, .rss094, .rss10: return "RSS"
        case .rss20: return "RSS 2.0"
        case .atom03, .atom10: return "Atom"
        case .jsonFeed10, .jsonFeed11: return "JSON Feed"
        }
    }

    private static func note(_ origin: FeedFinder.Candidate.Origin) -> String {
        switch origin {
        case .given: return ""
        case .linked: return " (linked from the page)"
        case .commonPath: return " (found at a common feed path)"
        }
    }

    static let fileHeader = """
        Feeds added by `feedd add`. Edit or remove them freely (feedd remove URL does it too);
        a running feedd picks up changes within seconds.
        """
}

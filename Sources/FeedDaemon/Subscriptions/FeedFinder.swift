import FeedParsing
import FeedSubscriptions
import Foundation
import HTTPFetching

/// Finds the feeds behind a URL an operator typed (`feedd add`): the URL itself when it serves a
/// feed; else the feeds its HTML page links to (`<link rel="alternate">`); else, when it links to
/// none that works, the paths feeds commonly live at on its site. Every candidate is fetched and
/// parsed, so only feeds feedd can poll are offered; the others are listed with the reason.
public struct FeedFinder: Sendable {
    let client: HTTPClient
    let parser = FeedParser()

    /// Uses `client` for every fetch.
    public init(client: HTTPClient) {
        self.client = client
    }

    /// A feed that was fetched and parsed.
    public struct Candidate: Sendable, Equatable {
        public enum Origin: Sendable, Equatable {
            /// The URL given was the feed.
            case given
            /// Linked from the page, with the link's type.
            case linked(type: String)
            /// Found at a common path, not linked.
            case commonPath
        }

        public var url: String
        /// The feed's own title as plain text, else the link's title.
        public var title: String?
        public var format: FeedFormat
        public var entries: Int
        public var origin: Origin
    }

    /// A place that was tried and is not a feed feedd can poll.
    public struct Rejected: Sendable, Equatable {
        public var url: String
        public var reason: String
    }

    /// What was found.
    public struct Search: Sendable {
        /// The URL fetched, as given (with "https://" added when it had no scheme).
        public var url: String
        /// True when that URL is itself a feed.
        public var isFeed: Bool
        /// Working feeds, the page's links first, in the page's order.
        public var candidates: [Candidate]
        public var rejected: [Rejected]
    }

    /// Why nothing could be looked at: the URL did not answer with a page.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// `typed` with "https://" in front when it has no scheme ("example.com/blog").
    public static func absolute(_ typed: String) -> String {
        let trimmed = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.contains("://") ? trimmed : "https://" + trimmed
    }

    public func find(_ typed: String) async throws(Failure) -> Search {
        let url = Self.absolute(typed)
        let page: FetchResponse
        do {
            page = try await client.fetch(FetchRequest(url: url, trust: .configured))  // the operator typed it
        } catch {
            throw Failure(description: "\(url): \(error.message)")
        }
        guard (200...299).contains(page.status) else { throw Failure(description: "\(url): HTTP \(page.status)") }
        let problem: FeedParseError
        do {
            let feed = try parser.parse(page.body, context: Self.context(page))
            return Search(url: url, isFeed: true, candidates: [candidate(url, feed, origin: .given, linkTitle: nil)], rejected: [])
        } catch {
            problem = error
        }
        var search = Search(url: url, isFeed: false, candidates: [], rejected: [])
        let links = FeedLinkFinder.links(inHTML: page.body, pageURL: page.effectiveURL, contentType: page.contentType)
        await check(links, into: &search)
        if search.candidates.isEmpty {
            await check(FeedLinkFinder.commonLocations(for: page.effectiveURL), into: &search)
        }
        if search.candidates.isEmpty && links.isEmpty {
            search.rejected.insert(Rejected(url: url, reason: "not a feed (\(problem.message)) and links to none"), at: 0)
        }
        return search
    }

    /// Fetches and parses every link at once; keeps the order of `links`.
    private func check(_ links: [FeedLink], into search: inout Search) async {
        let page = search.url
        let outcomes = await withTaskGroup(of: (Int, Result<Candidate, Rejected>).self) { group in
            for (index, link) in links.enumerated() {
                group.addTask { (index, await check(link, linkedFrom: page)) }
            }
            var outcomes: [(Int, Result<Candidate, Rejected>)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for outcome in outcomes {
            switch outcome {
            case .success(let candidate):
                if !search.candidates.contains(where: { $0.url == candidate.url }) { search.candidates.append(candidate) }
            case .failure(let rejected):
                search.rejected.append(rejected)
            }
        }
    }

    /// The page's links are its author's choice: checked as redirects from the typed URL would
    /// be (its literal address only on its own host, never file:).
    private func check(_ link: FeedLink, linkedFrom page: String) async -> Result<Candidate, Rejected> {
        do {
            let response = try await client.fetch(FetchRequest(url: link.url, trust: .redirected(from: page)))
            guard (200...299).contains(response.status) else { return .failure(Rejected(url: link.url, reason: "HTTP \(response.status)")) }
            let feed = try parser.parse(response.body, context: Self.context(response))
            let origin: Candidate.Origin
            switch link.origin {
            case .alternate(let type): origin = .linked(type: type)
            case .commonPath: origin = .commonPath
            }
            return .success(candidate(link.url, feed, origin: origin, linkTitle: link.title))
        } catch let error as FetchError {
            return .failure(Rejected(url: link.url, reason: error.message))
        } catch let error as FeedParseError {
            return .failure(Rejected(url: link.url, reason: "not a feed: \(error.message)"))
        } catch {
            return .failure(Rejected(url: link.url, reason: "\(error)"))
        }
    }

    private func candidate(_ url: String, _ feed: ParsedFeed, origin: Candidate.Origin, linkTitle: String?) -> Candidate {
        let title = feed.title.map { HTMLText.plainText($0).trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        return Candidate(url: url, title: title ?? linkTitle, format: feed.format, entries: feed.entries.count, origin: origin)
    }

    private static func context(_ response: FetchResponse) -> DocumentContext {
        DocumentContext(url: response.effectiveURL, contentType: response.contentType,
                        contentLocation: response.headers["content-location"])
    }
}

extension FeedFinder.Rejected: Error {}

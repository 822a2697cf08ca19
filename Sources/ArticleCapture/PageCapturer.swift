import ArticleExtraction
import FeedURL
import HTTPFetching

/// Fetches an item's page and makes an article of it, keyed by the page's own canonical URL.
///
/// The key is the canonical form of the first of: the page's `<link rel="canonical">`, its
/// `og:url`, its final URL after redirects. A claim on the page's own site (registrable domain)
/// is taken as it is. A claim on another site could be anyone's way to take over another
/// article's key (and so have it dropped as a duplicate), so it is taken only when that page
/// exists, names itself canonical, and carries the same headline; otherwise the next candidate
/// applies. Every fetch goes through the daemon's client: same limits, per-host politeness,
/// redirect rules and User-Agent as feeds, with the page's own size cap and timeout.
public struct PageCapturer: Sendable {
    let client: HTTPClient
    let extractor: ArticleExtractor
    let canonicalizer: URLCanonicalizer
    let options: CaptureOptions
    let suffixes: PublicSuffixList?

    static let acceptHTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

    public init(client: HTTPClient, canonicalizer: URLCanonicalizer, options: CaptureOptions,
                suffixes: PublicSuffixList? = PublicSuffixList.system) {
        self.client = client
        self.canonicalizer = canonicalizer
        self.options = options
        self.suffixes = suffixes
        extractor = ArticleExtractor(limits: ArticleLimits(maxPageBytes: options.maxPageBytes))
    }

    /// Captures the page at `link` (an item's link, absolute). `trust` is who chose the link: a
    /// stranger (a feed) unless the operator typed it; a canonical page it claims is always a
    /// stranger's choice.
    public func capture(link: String, trust: FetchTrust = .untrusted) async -> CapturedPage {
        let page: ReadPage
        switch await read(link, trust: trust, resolvingAgainst: nil) {
        case .success(let read): page = read
        case .failure(let status, let finalURL, let outcome):
            var failed = CapturedPage(status: status, finalURL: finalURL, fetches: 1)
            failed.outcome = outcome
            return failed
        }
        var fetches = 1
        let own = canonicalizer.canonicalize(page.finalURL) ?? page.finalURL
        let ownSite = RegistrableDomain.of(url: own, suffixes: suffixes)
        for claim in [page.article.canonicalLink, page.article.ogURL].compactMap({ $0 }) {
            guard let claimed = canonicalizer.canonicalize(claim), Self.isWebURL(claimed) else { continue }
            if claimed == own || RegistrableDomain.of(url: claimed, suffixes: suffixes) == ownSite {
                return page.captured(key: claimed, fetches: fetches)
            }
            fetches += 1
            switch await verify(claimed, headline: Self.headline(of: page.article)) {
            case .trusted: return page.captured(key: claimed, fetches: fetches)
            case .refused: continue
            case .cancelled: return CapturedPage(status: .cancelled, finalURL: page.finalURL, fetches: fetches)
            }
        }
        return page.captured(key: own, fetches: fetches)
    }

    // MARK: Fetching and extracting

    /// A page fetched and extracted.
    private struct ReadPage {
        let finalURL: String
        let article: ExtractedArticle

        func captured(key: String, fetches: Int) -> CapturedPage {
            CapturedPage(status: .ok, finalURL: finalURL, canonicalURL: key, article: article, fetches: fetches)
        }
    }

    private enum ReadOutcome {
        case success(ReadPage)
        case failure(CapturedPage.Status, finalURL: String?, outcome: String)
    }

    /// Fetches and extracts `url`; relative links on the page resolve against its final URL, or
    /// against `base` when given (a claimed canonical page speaks for the URL it was claimed at).
    private func read(_ url: String, trust: FetchTrust, resolvingAgainst base: String?) async -> ReadOutcome {
        // Item links and claimed canonical pages are chosen by strangers: only addresses the
        // policy allows, never file:.
        let request = FetchRequest(url: url, trust: trust, accept: Self.acceptHTML, maxBodyBytes: options.maxPageBytes,
                                   totalTimeoutSeconds: options.timeoutSeconds)
        let response: FetchResponse
        do {
            response = try await client.fetch(request)
        } catch {
            return .failure(error.kind == .cancelled ? .cancelled : .failed(error.message), finalURL: nil,
                            outcome: error.kind.rawValue)
        }
        guard (200 ..< 300).contains(response.status) else {
            return .failure(.failed(HTTPStatusText.describe(response.status)), finalURL: response.effectiveURL,
                            outcome: "http_\(response.status / 100)xx")
        }
        let context = PageContext(url: base ?? response.effectiveURL, contentType: response.contentType)
        do {
            let article = try extractor.extract(response.body, context: context)
            return .success(ReadPage(finalURL: response.effectiveURL, article: article))
        } catch {
            return .failure(.failed(error.message), finalURL: response.effectiveURL, outcome: "\(error.kind)")
        }
    }

    // MARK: Cross-site claims

    private enum Verdict {
        case trusted, refused, cancelled
    }

    /// Whether the page at `claimed` backs the claim: it answers, names itself canonical, and
    /// carries `headline` too.
    private func verify(_ claimed: String, headline: String?) async -> Verdict {
        guard let headline, !headline.isEmpty else { return .refused }
        switch await read(claimed, trust: .untrusted, resolvingAgainst: claimed) {
        case .failure(.cancelled, _, _):
            return .cancelled
        case .failure:
            return .refused
        case .success(let other):
            guard let ownClaim = other.article.canonicalLink, canonicalizer.canonicalize(ownClaim) == claimed,
                  Self.headline(of: other.article) == headline else { return .refused }
            return .trusted
        }
    }

    /// The headline pages are compared by: the first `<h1>`, else the extracted title.
    private static func headline(of article: ExtractedArticle) -> String? {
        article.firstHeading ?? article.title
    }

    private static func isWebURL(_ url: String) -> Bool {
        url.hasPrefix("https://") || url.hasPrefix("http://")
    }
}

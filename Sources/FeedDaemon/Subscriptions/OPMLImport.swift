import FeedSubscriptions
import Foundation

/// What importing a subscription list would add: its feeds, less those configured already,
/// those listed twice in it (merged into the first, categories and all) and those with no
/// usable URL, each kept with the reason so that the operator is told.
public struct OPMLImport: Sendable {
    /// The feeds to add, in the list's order.
    public private(set) var additions: [Subscription] = []
    /// Feeds the configuration has already, with where.
    public private(set) var alreadyConfigured: [(subscription: Subscription, at: SourceLocation)] = []
    /// Later listings of a feed the list holds twice, with the line of the first.
    public private(set) var listedTwice: [(subscription: Subscription, firstLine: Int?)] = []
    /// Outlines whose URL is not an absolute http(s) URL.
    public private(set) var unusable: [Subscription] = []

    /// Sorts `subscriptions` against the feeds `config` has.
    public init(_ subscriptions: [Subscription], config: DaemonConfig) {
        let configured = Dictionary(config.feeds.map { (ConfigLoader.identity(of: $0.url), $0.source) },
                                    uniquingKeysWith: { first, _ in first })
        var positions: [String: Int] = [:]
        for subscription in subscriptions {
            let lower = subscription.url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"),
                  let url = ConfigLoader.feedURL(subscription.url, base: "file://" + config.configFile) else {
                unusable.append(subscription)
                continue
            }
            let identity = ConfigLoader.identity(of: url)
            if let source = configured[identity] {
                alreadyConfigured.append((subscription, source))
            } else if let position = positions[identity] {
                listedTwice.append((subscription, additions[position].line))
                for category in subscription.categories where !additions[position].categories.contains(category) {
                    additions[position].categories.append(category)
                }
            } else {
                positions[identity] = additions.count
                var kept = subscription
                kept.url = url
                additions.append(kept)
            }
        }
    }

    /// The `[[feed]]` tables for the additions; the first carries a comment naming the list and date.
    public func tables(from source: String, on date: Date = Date()) -> [FeedTable] {
        additions.enumerated().map { index, subscription in
            FeedTable(url: subscription.url, name: subscription.title, interval: subscription.interval.map(String.init),
                      categories: subscription.categories,
                      comment: index == 0 ? "imported \(FeedTable.day(date)) by `feedd import-opml` from \(source)" : nil)
        }
    }
}

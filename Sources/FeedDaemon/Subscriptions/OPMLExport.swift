import FeedSubscriptions
import Foundation

/// The configured feeds as an OPML 2.0 subscription list (`feedd export-opml`): names, folders
/// from `categories`, and intervals in feedd's own attribute, so that importing it elsewhere
/// keeps the folders and importing it into feedd gives the same feeds back.
public enum OPMLExport {
    public static func document(_ config: DaemonConfig, created: Date = Date()) -> [UInt8] {
        let subscriptions = config.feeds.map { feed in
            Subscription(url: feed.url, title: feed.name, categories: feed.categories, interval: feed.interval)
        }
        return OPMLWriter.document(subscriptions, title: "feedd subscriptions", created: created)
    }
}

import FeedTime
import Foundation

extension ArchiveRecord {
    /// Reads one archive line (with or without its trailing `\n`). Unknown keys are ignored;
    /// a schema version newer than ``schemaVersion`` throws `.unsupportedSchemaVersion`, anything
    /// else that is not a record throws `.invalidRecord` naming the key at fault.
    public init(jsonLine: some DataProtocol) throws(ArchiveError) {
        let data = Data(jsonLine)
        do {
            self = try JSONDecoder().decode(RecordLine.self, from: data).record
        } catch let error as ArchiveError {
            throw error
        } catch let error as DecodingError {
            throw .invalidRecord(reason: Self.describe(error))
        } catch {
            throw .invalidRecord(reason: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the line" : keys.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "missing key \"\(key.stringValue)\"\(parent)"
        case let .typeMismatch(_, context) where context.codingPath.isEmpty:
            return "the line is not a JSON object"
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            return "\(path(context)): expected \(type == String.self ? "a string" : "\(type)")"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The JSON shape of a line; checks the version before anything else so a newer schema gets the
/// version error rather than a confusing one about some key.
private struct RecordLine: Decodable {
    let record: ArchiveRecord

    private enum Key: String, CodingKey {
        case v, url, guid, title, author, published, updated, summary, content, categories, enclosures
        case canonicalURL = "canonical_url", feedURL = "feed_url", feedTitle = "feed_title"
        case fetchedAt = "fetched_at", contentText = "content_text"
        case articleURL = "article_url", articleStatus = "article_status", articleTitle = "article_title"
        case articleByline = "article_byline", articlePublished = "article_published", articleText = "article_text"
        case articleCaptions = "article_captions", articleImage = "article_image", articleLang = "article_lang"
    }

    private struct Enclosure: Decodable {
        let url: String
        let type: String?
        let length: String?
    }

    init(from decoder: any Decoder) throws {
        let line = try decoder.container(keyedBy: Key.self)
        let version = try line.decode(Int.self, forKey: .v)
        guard version <= ArchiveRecord.schemaVersion else { throw ArchiveError.unsupportedSchemaVersion(version) }
        guard version >= 1 else { throw ArchiveError.invalidRecord(reason: "schema version \(version) does not exist") }
        func date(_ key: Key) throws -> Date? {
            guard let text = try line.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let date = UTCTimestamp.parse(text) else {
                throw ArchiveError.invalidRecord(reason: "\(key.stringValue): \"\(text)\" is not YYYY-MM-DDTHH:MM:SSZ")
            }
            return date
        }
        guard let fetchedAt = try date(.fetchedAt) else {
            throw ArchiveError.invalidRecord(reason: "fetched_at is null")
        }
        let enclosures = try line.decodeIfPresent([Enclosure].self, forKey: .enclosures) ?? []
        record = ArchiveRecord(
            canonicalURL: try line.decode(String.self, forKey: .canonicalURL),
            url: try line.decodeIfPresent(String.self, forKey: .url),
            feedURL: try line.decode(String.self, forKey: .feedURL),
            feedTitle: try line.decodeIfPresent(String.self, forKey: .feedTitle),
            guid: try line.decodeIfPresent(String.self, forKey: .guid),
            title: try line.decodeIfPresent(String.self, forKey: .title),
            author: try line.decodeIfPresent(String.self, forKey: .author),
            published: try date(.published),
            updated: try date(.updated),
            fetchedAt: fetchedAt,
            summary: try line.decodeIfPresent(String.self, forKey: .summary),
            content: try line.decodeIfPresent(String.self, forKey: .content),
            contentText: try line.decodeIfPresent(String.self, forKey: .contentText),
            categories: try line.decodeIfPresent([String].self, forKey: .categories) ?? [],
            enclosures: enclosures.map { ArchivedEnclosure(url: $0.url, type: $0.type, length: $0.length) },
            article: ArchivedArticle(
                status: try line.decodeIfPresent(String.self, forKey: .articleStatus),
                url: try line.decodeIfPresent(String.self, forKey: .articleURL),
                title: try line.decodeIfPresent(String.self, forKey: .articleTitle),
                byline: try line.decodeIfPresent(String.self, forKey: .articleByline),
                published: try date(.articlePublished),
                text: try line.decodeIfPresent(String.self, forKey: .articleText),
                captions: try line.decodeIfPresent([String].self, forKey: .articleCaptions) ?? [],
                image: try line.decodeIfPresent(String.self, forKey: .articleImage),
                lang: try line.decodeIfPresent(String.self, forKey: .articleLang))
        )
    }
}

/// Why a page gave no article; `message` is one line fit for a log.
public struct ArticleExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, for callers that act on it.
    public enum Kind: Sendable, Equatable {
        /// The bytes are a PDF, an image, an archive or other binary, not HTML.
        case notHTML
        /// No bytes, or only white space.
        case empty
        /// Larger than `ArticleLimits.maxPageBytes`, or markup past another hard limit.
        case tooLarge
        /// libxml2 could not set up a parser.
        case parser
    }

    /// What kind of failure.
    public var kind: Kind
    /// One line naming the cause, e.g. "not an HTML page: a PDF document".
    public var message: String

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

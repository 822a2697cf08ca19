/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org), read leniently: a field of the wrong type
/// is ignored rather than failing the feed.
///
/// Read straight from the bytes, within the parser's limits, like the XML path: only the fields
/// feedd uses are built, at most `maxEntries` items, `maxTagsPerEntry` tags and
/// `maxEnclosuresPerEntry` attachments per item, and `maxFieldBytes` per string. Everything
/// else (extensions, extra items) is stepped over without being decoded, so a hostile document
/// of a few megabytes cannot become hundreds of megabytes of objects.
enum JSONFeedParser {
    static func parse(_ document: [UInt8], documentBase: String?, limits: ParserLimits) throws(FeedParseError) -> ParsedFeed {
        var reader = Reader(limits: limits, base: LinkBase(url: documentBase ?? "", budget: LinkBudget(documentSize: document.count)))
        var scanner = JSONScanner(utf8(document))
        do {
            guard scanner.peekKind() == .object else {
                // Still JSON? Then it is JSON of another kind.
                try scanner.skipValue()
                try scanner.expectEnd()
                throw FeedParseError(.notAFeed, "JSON document is not a JSON Feed: its top level is not an object")
            }
            try reader.readRoot(&scanner)
            try scanner.expectEnd()
        } catch let error as JSONScanner.SyntaxError {
            throw FeedParseError(.malformed, "not valid JSON: \(error.message)")
        } catch let error as FeedParseError {
            throw error
        } catch {
            throw FeedParseError(.malformed, "not valid JSON")
        }
        return try reader.feed()
    }

    /// UTF-8 as it is; UTF-16 without a byte order mark (NULs in every other byte, which is how
    /// a document starting with `{` shows it) transcoded, as JSON readers have long accepted.
    private static func utf8(_ document: [UInt8]) -> [UInt8] {
        guard document.count >= 2, document.count % 2 == 0, document[0] == 0 || document[1] == 0 else { return document }
        let (high, low) = document[0] == 0 ? (0, 1) : (1, 0)
        var units: [UInt16] = []
        units.reserveCapacity(document.count / 2)
        for index in stride(from: 0, to: document.count, by: 2) {
            units.append(UInt16(document[index + high]) << 8 | UInt16(document[index + low]))
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// The document's URL, and what resolving links against it may still write.
    struct LinkBase {
        var url: String
        var budget: LinkBudget

        func resolve(_ reference: String) -> String {
            LinkResolution.resolve(reference, against: url, within: budget)
        }
    }

    /// What the scan found, turned into a `ParsedFeed` at the end.
    private struct Reader {
        let limits: ParserLimits
        let base: LinkBase
        var version = ""
        var title: String?
        var sawTitleString = false
        var homePage: String?
        var items: [ParsedEntry]?
        var itemCount = 0
        var problems: [String] = []

        init(limits: ParserLimits, base: LinkBase) {
            self.limits = limits
            self.base = base
        }

        mutating func readRoot(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) {
            try scanner.readObject { scanner, key throws(JSONScanner.SyntaxError) in
                switch key {
                case "version": version = try field(&scanner) ?? ""
                case "title":
                    sawTitleString = scanner.peekKind() == .string
                    title = try field(&scanner)
                case "home_page_url": homePage = try field(&scanner).map(base.resolve)
                case "items": try readItems(&scanner)
                default: try scanner.skipValue()
                }
            }
        }

        /// The first `maxEntries` elements are read (those that are objects become entries);
        /// the rest are counted and skipped.
        private mutating func readItems(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) {
            guard scanner.peekKind() == .array else { return try scanner.skipValue() }
            var entries: [ParsedEntry] = []
            itemCount = 0
            try scanner.readArray { scanner throws(JSONScanner.SyntaxError) in
                itemCount += 1
                if itemCount <= limits.maxEntries, scanner.peekKind() == .object {
                    entries.append(try readItem(&scanner))
                } else {
                    try scanner.skipValue()
                }
            }
            items = entries
        }

        private mutating func readItem(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> ParsedEntry {
            var entry = ParsedEntry()
            var url: String?
            var externalURL: String?
            var authorsName: String?
            var authorName: String?
            try scanner.readObject { scanner, key throws(JSONScanner.SyntaxError) in
                switch key {
                case "id":
                    entry.id = scanner.peekKind() == .number ? try scanner.numberLiteral() : try field(&scanner)
                case "title": entry.title = try field(&scanner)
                case "url": url = try field(&scanner)
                case "external_url": externalURL = try field(&scanner)
                case "summary": entry.summary = try field(&scanner)
                case "content_html": entry.content = try field(&scanner) ?? entry.content
                case "content_text": if entry.content == nil { entry.content = try field(&scanner) } else { try scanner.skipValue() }
                case "date_published": entry.published = try field(&scanner).flatMap(FeedDate.parse)
                case "date_modified": entry.updated = try field(&scanner).flatMap(FeedDate.parse)
                case "author": authorName = try readAuthorName(&scanner)
                case "authors":
                    authorsName = nil
                    try readArrayElements(&scanner) { scanner, reader throws(JSONScanner.SyntaxError) in
                        let name = try reader.readAuthorName(&scanner)
                        if authorsName == nil { authorsName = name }
                    }
                case "tags": entry.categories = try readTags(&scanner)
                case "attachments": entry.enclosures = try readAttachments(&scanner)
                default: try scanner.skipValue()
                }
            }
            entry.link = (url ?? externalURL).map(base.resolve)
            entry.author = authorsName ?? authorName
            return entry
        }

        private mutating func readAuthorName(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> String? {
            guard scanner.peekKind() == .object else {
                try scanner.skipValue()
                return nil
            }
            var name: String?
            try scanner.readObject { scanner, key throws(JSONScanner.SyntaxError) in
                if key == "name" { name = try field(&scanner) } else { try scanner.skipValue() }
            }
            return name
        }

        private mutating func readTags(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> [String] {
            var tags: [String] = []
            var dropped = false
            try readArrayElements(&scanner) { scanner, reader throws(JSONScanner.SyntaxError) in
                guard tags.count < reader.limits.maxTagsPerEntry else {
                    dropped = true
                    return try scanner.skipValue()
                }
                if let tag = try reader.field(&scanner) { tags.append(tag) }
            }
            if dropped { note("kept the first \(limits.maxTagsPerEntry) tags of an item") }
            return tags
        }

        private mutating func readAttachments(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> [Enclosure] {
            var attachments: [Enclosure] = []
            var dropped = false
            try readArrayElements(&scanner) { scanner, reader throws(JSONScanner.SyntaxError) in
                guard attachments.count < reader.limits.maxEnclosuresPerEntry, scanner.peekKind() == .object else {
                    if attachments.count >= reader.limits.maxEnclosuresPerEntry { dropped = true }
                    return try scanner.skipValue()
                }
                var url: String?
                var type: String?
                var size: String?
                try scanner.readObject { scanner, key throws(JSONScanner.SyntaxError) in
                    switch key {
                    case "url": url = try reader.field(&scanner)
                    case "mime_type": type = try reader.field(&scanner)
                    case "size_in_bytes": size = try scanner.numberLiteral()
                    default: try scanner.skipValue()
                    }
                }
                if let url { attachments.append(Enclosure(url: reader.base.resolve(url), type: type, length: size)) }
            }
            if dropped { note("kept the first \(limits.maxEnclosuresPerEntry) attachments of an item") }
            return attachments
        }

        /// The elements of an array, or nothing when the value is of another kind.
        private mutating func readArrayElements(
            _ scanner: inout JSONScanner, _ element: (inout JSONScanner, inout Reader) throws(JSONScanner.SyntaxError) -> Void
        ) throws(JSONScanner.SyntaxError) {
            guard scanner.peekKind() == .array else { return try scanner.skipValue() }
            try scanner.readArray { scanner throws(JSONScanner.SyntaxError) in try element(&scanner, &self) }
        }

        /// A string field, trimmed, nil when empty or not a string; cut at `maxFieldBytes`.
        mutating func field(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> String? {
            guard let (text, truncated) = try scanner.string(maxBytes: limits.maxFieldBytes) else { return nil }
            if truncated { note("a field longer than \(limits.maxFieldBytes) bytes was cut short") }
            let trimmed = text.trimmingASCIIWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        }

        private mutating func note(_ problem: String) {
            if problems.count < 20, !problems.contains(problem) { problems.append(problem) }
        }

        func feed() throws(FeedParseError) -> ParsedFeed {
            guard version.contains("jsonfeed.org/version/") || (items != nil && sawTitleString) else {
                throw FeedParseError(.notAFeed, "JSON document is not a JSON Feed: no jsonfeed.org version and no items")
            }
            var feed = ParsedFeed(format: version.hasSuffix("/1") ? .jsonFeed10 : .jsonFeed11)
            feed.title = title
            feed.link = homePage
            feed.entries = items ?? []
            if itemCount > limits.maxEntries {
                feed.recoveredProblems.append("kept the first \(limits.maxEntries) of \(itemCount) items")
            }
            feed.recoveredProblems += problems
            if let problem = base.budget.problem { feed.recoveredProblems.append(problem) }
            return feed
        }
    }
}

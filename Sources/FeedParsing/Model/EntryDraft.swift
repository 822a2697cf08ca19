import Foundation

/// An entry being read, with the rules that decide which of several competing elements
/// supplies each field (modelled on feedparser so that results agree with it).
struct EntryDraft {
    /// A value with the element depth it came from; nil depth means set as a default.
    struct Ranked {
        var value: String
        var depth: Int?
    }

    var id: Ranked?
    var idIsPermalink = false
    var title: Ranked?
    /// Empty string when a link element was present but empty.
    var link: String?
    var originalLink: String?
    var summary: Ranked?
    /// Set by `content`, `content:encoded` and `fullitem`; a later description or summary
    /// then stays a summary instead of becoming content.
    var hasContent = false
    var content: String?
    var author = AuthorDraft()
    var published: Date?
    var updated: Date?
    var enclosures: [Enclosure] = []
    /// media:content, added after the RSS and Atom enclosures when not already among them.
    var mediaEnclosures: [Enclosure] = []
    var tags = TagList()

    /// Stores `value` from an element at `depth` unless a shallower element already gave
    /// one (feedparser's rule for most fields: the shallowest wins, the last among equals).
    static func store(_ value: String, depth: Int, into slot: inout Ranked?) {
        if let existing = slot, let existingDepth = existing.depth, depth > existingDepth { return }
        slot = Ranked(value: value, depth: depth)
    }

    /// `store(_:depth:into:)` on one of this entry's ranked fields; true when stored.
    @discardableResult
    mutating func store(_ field: WritableKeyPath<EntryDraft, Ranked?>, _ value: String, depth: Int) -> Bool {
        if let existing = self[keyPath: field], let existingDepth = existing.depth, depth > existingDepth { return false }
        self[keyPath: field] = Ranked(value: value, depth: depth)
        return true
    }

    mutating func addContent(_ value: String, copiesToSummary: Bool) {
        if content == nil { content = value }
        if copiesToSummary, summary == nil { summary = Ranked(value: value, depth: nil) }
    }

    func finished() -> ParsedEntry {
        var allEnclosures = enclosures
        for media in mediaEnclosures where !allEnclosures.contains(where: { $0.url == media.url }) {
            allEnclosures.append(media)
        }
        return ParsedEntry(
            id: id?.value, idIsPermalink: idIsPermalink, title: title?.value,
            link: link.flatMap { $0.isEmpty ? nil : $0 }, originalLink: originalLink,
            author: author.displayName, published: published, updated: updated,
            summary: summary?.value, content: content, enclosures: allEnclosures,
            categories: tags.terms)
    }
}

/// Author fields as feedparser tracks them: the raw author text, the detail (name, e-mail)
/// of the first author that had one, and the author element being read.
struct AuthorDraft {
    struct Detail {
        var name: String?
        var email: String?
    }

    var text: EntryDraft.Ranked?
    var detail: Detail?
    /// Name and e-mail given by child elements of the author element being read (Atom).
    var current = Detail()

    /// Starts an author element.
    mutating func begin() {
        current = Detail()
    }

    /// An Atom `name` or `email` child of the current author.
    mutating func setChild(name: String? = nil, email: String? = nil) {
        if detail == nil { detail = Detail() }
        if let name { detail?.name = name; current.name = name }
        if let email { detail?.email = email; current.email = email }
        syncTextFromCurrent()
    }

    /// Ends an author element whose own text was `value`.
    mutating func end(text value: String, depth: Int) {
        EntryDraft.store(value, depth: depth, into: &text)
        if current.name != nil || current.email != nil {
            syncTextFromCurrent()
            return
        }
        guard let raw = text?.value, !raw.isEmpty else { return }
        let (name, email) = AuthorText.split(raw)
        if (name != nil || email != nil), detail == nil {
            detail = Detail(name: name, email: email)
        }
    }

    private mutating func syncTextFromCurrent() {
        let formatted: String?
        switch (current.name, current.email) {
        case let (name?, email?) where !name.isEmpty && !email.isEmpty: formatted = "\(name) (\(email))"
        case let (name?, _) where !name.isEmpty: formatted = name
        case let (_, email?) where !email.isEmpty: formatted = email
        default: formatted = nil
        }
        if let formatted { text = EntryDraft.Ranked(value: formatted, depth: text?.depth) }
    }

    /// What a reader shows: the detail's name, else the raw text, else the e-mail.
    var displayName: String? {
        if let name = detail?.name, !name.isEmpty { return name }
        if let raw = text?.value, !raw.isEmpty { return raw }
        if let email = detail?.email, !email.isEmpty { return email }
        return nil
    }
}

/// Categories in document order, without exact duplicates (term, scheme and label equal).
struct TagList {
    struct Tag: Equatable {
        var term: String?
        var scheme: String?
        var label: String?
    }

    private(set) var tags: [Tag] = []

    mutating func add(term: String?, scheme: String?, label: String?) {
        let tag = Tag(term: term.nonEmpty, scheme: scheme.nonEmpty, label: label.nonEmpty)
        guard tag.term != nil || tag.scheme != nil || tag.label != nil else { return }
        if !tags.contains(tag) { tags.append(tag) }
    }

    /// The text of a category element: names the term of a tag its attributes started,
    /// or adds a tag of its own.
    mutating func addText(_ value: String) {
        guard !value.isEmpty else { return }
        if let last = tags.indices.last, tags[last].term == nil {
            tags[last].term = value
        } else {
            add(term: value, scheme: nil, label: nil)
        }
    }

    var terms: [String] { tags.compactMap(\.term) }
}

extension Optional where Wrapped == String {
    /// Nil for nil or the empty string.
    var nonEmpty: String? {
        switch self {
        case let value? where !value.isEmpty: return value
        default: return nil
        }
    }
}

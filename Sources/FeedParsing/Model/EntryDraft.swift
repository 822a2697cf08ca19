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
    private(set) var enclosures: [Enclosure] = []
    /// media:content, added after the RSS and Atom enclosures when not already among them.
    private(set) var mediaEnclosures: [Enclosure] = []
    /// Most enclosures kept, media:content included: merging the two lists compares each with
    /// each, so thousands would be quadratic.
    var enclosureLimit = Int.max
    /// Enclosures not kept because the lists were full.
    private(set) var droppedEnclosures = 0
    var tags = TagList()

    /// Whether another enclosure (RSS or Atom, else media:content) fits; a refusal is counted.
    /// Asked before the enclosure is made, so that a full list costs no link resolution.
    mutating func hasRoom(media: Bool) -> Bool {
        guard (media ? mediaEnclosures.count : enclosures.count) < enclosureLimit else {
            droppedEnclosures += 1
            return false
        }
        return true
    }

    /// Adds an enclosure `hasRoom(media:)` made room for.
    mutating func add(_ enclosure: Enclosure, media: Bool) {
        if media { mediaEnclosures.append(enclosure) } else { enclosures.append(enclosure) }
    }

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
        for media in mediaEnclosures where allEnclosures.count < enclosureLimit && !allEnclosures.contains(where: { $0.url == media.url }) {
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

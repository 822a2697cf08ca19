/// Categories in document order, without exact duplicates (term, scheme and label equal).
struct TagList {
    struct Tag: Equatable {
        var term: String?
        var scheme: String?
        var label: String?
    }

    private(set) var tags: [Tag] = []
    /// Most tags kept: each new one is compared with all kept, so thousands would be quadratic.
    var limit = Int.max
    /// Tags not kept because the list was full.
    private(set) var dropped = 0

    mutating func add(term: String?, scheme: String?, label: String?) {
        let tag = Tag(term: term.nonEmpty, scheme: scheme.nonEmpty, label: label.nonEmpty)
        guard tag.term != nil || tag.scheme != nil || tag.label != nil else { return }
        guard tags.count < limit else {
            dropped += 1
            return
        }
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

import CLibXML2

/// Document structure: the format, xml:base, feed and entry boundaries, containers.
extension FeedBuilder {
    mutating func detectVersion(
        _ kind: ElementKind, uri: UnsafePointer<xmlChar>?,
        namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, namespaceCount: Int, attributes: XMLAttributes
    ) {
        let namespace = uri.map { String(cString: $0).lowercased() } ?? ""
        switch kind {
        case .rss:
            version = .rss(attributes.value(of: "version")?.trimmingASCIIWhitespace() ?? "")
        case .rdfRoot:
            var isRSS090 = false
            for index in 0..<namespaceCount {
                guard let declared = namespaces?[index * 2 + 1] else { continue }
                let value = String(cString: declared).lowercased()
                if value == "http://purl.org/rss/1.0/" { isRSS090 = false; break }
                if value == "http://my.netscape.com/rdf/simple/0.9/" { isRSS090 = true }
            }
            version = .rdf(isRSS090: isRSS090)
        case .feed:
            let declared = attributes.value(of: "version")?.trimmingASCIIWhitespace()
            let isAtom10 = namespace == "http://www.w3.org/2005/atom"
            version = .atom(isAtom10: isAtom10, isAtom03: !isAtom10 && (declared == "0.3" || namespace == "http://purl.org/atom/ns#"))
        default:
            break
        }
    }

    /// The value of `xml:base` (or a plain `base`) resolved against the current base.
    func newBase(_ attributes: XMLAttributes) -> String? {
        var found: Int?
        for index in 0..<attributes.count {
            guard let local = attributes.localName(at: index), XMLAttributes.equalsIgnoringCase(local, "base") else { continue }
            if let prefix = attributes.prefix(at: index) {
                if XMLAttributes.equalsIgnoringCase(prefix, "xml") { found = index; break }
            } else if found == nil {
                found = index
            }
        }
        guard let index = found else { return nil }
        let value = attributes.value(at: index).trimmingASCIIWhitespace()
        guard !value.isEmpty else { return nil }
        let current = currentBase
        if current.isEmpty { return value }
        let resolved = LinkResolution.resolve(value, against: current, within: linkBudget)
        return SafeURL.hasAcceptableScheme(resolved) ? resolved : current
    }

    mutating func startKnownElement(_ kind: ElementKind, attributes: XMLAttributes, frame: inout Frame) {
        switch kind {
        case .rss, .rdfRoot:
            sawFeedElement = true
        case .channel, .feed:
            sawFeedElement = true
            if entry == nil {
                feedDepth = depth
                frame.flags.insert(.startedFeed)
            }
        case .item, .entry:
            sawFeedElement = true
            startEntry(attributes: attributes, frame: &frame)
        case .image where entry != nil, .textInput where entry != nil:
            // In an entry these are not separate contexts in feedparser: their title (and
            // description) compete with the entry's, deeper ones losing; an image's link
            // does not count.
            titleBlockDepth = -1
            if kind == .image {
                inEntryImage = true
            } else {
                inEntryTextInput = true
            }
            frame.flags.insert(.startedImage)
            startEntryField(kind, attributes: attributes, frame: &frame)
        case .image, .textInput, .source:
            titleBlockDepth = -1
            blockDepth = depth
            frame.flags.insert(.startedBlock)
        case .contributor, .itunesOwner:
            blockDepth = depth
            frame.flags.insert(.startedBlock)
        default:
            if entry != nil {
                startEntryField(kind, attributes: attributes, frame: &frame)
            } else if feedDepth != nil {
                startFeedField(kind, attributes: attributes, frame: &frame)
            }
        }
    }

    mutating func startEntry(attributes: XMLAttributes, frame: inout Frame) {
        if entry != nil { finishEntry() }
        guard entries.count < limits.maxEntries else {
            stop("more than \(limits.maxEntries) entries")
            return
        }
        var draft = EntryDraft()
        draft.tags.limit = limits.maxTagsPerEntry
        draft.enclosureLimit = limits.maxEnclosuresPerEntry
        if let about = attributes.index(of: "about", prefix: "rdf") {
            draft.id = EntryDraft.Ranked(value: attributes.value(at: about), depth: nil)
        }
        entry = draft
        titleBlockDepth = -1
        frame.flags.insert(.startedEntry)
    }

    /// Keeps an entry a stopped or truncated parse left open.
    mutating func finishOpenEntry() {
        finishEntry()
    }

    mutating func finishEntry() {
        guard let draft = entry else { return }
        if draft.tags.dropped > 0 { noteProblemOnce("kept the first \(limits.maxTagsPerEntry) categories of an entry") }
        if draft.droppedEnclosures > 0 {
            noteProblemOnce("kept the first \(limits.maxEnclosuresPerEntry) enclosures of an entry")
        }
        entries.append(draft.finished())
        entry = nil
    }
}

/// Starting and finishing the elements whose values the builder keeps.
extension FeedBuilder {
    mutating func startEntryField(_ kind: ElementKind, attributes: XMLAttributes, frame: inout Frame) {
        switch kind {
        case .title:
            beginTextConstruct(.title(fromMedia: false), defaultType: "text/plain", attributes: attributes, frame: &frame)
        case .mediaTitle:
            beginTextConstruct(.title(fromMedia: true), defaultType: "text/plain", attributes: attributes, frame: &frame)
        case .description, .mediaDescription:
            beginSummaryOrContent(defaultType: "text/html", attributes: attributes, frame: &frame)
        case .summary:
            beginSummaryOrContent(defaultType: "text/plain", attributes: attributes, frame: &frame)
        case .abstract:
            beginTextConstruct(.summary, defaultType: "text/plain", attributes: attributes, frame: &frame)
        case .content:
            entry?.hasContent = true
            beginTextConstruct(.content(copiesToSummary: true), defaultType: "text/plain", attributes: attributes, frame: &frame)
        case .contentEncoded:
            entry?.hasContent = true
            beginTextConstruct(.content(copiesToSummary: true), defaultType: "text/html", attributes: attributes, frame: &frame)
        case .body:
            beginTextConstruct(.content(copiesToSummary: true), defaultType: "application/xhtml+xml", attributes: attributes, frame: &frame)
        case .link where !inEntryImage:
            startLink(attributes: attributes, forFeed: false, frame: &frame)
        case .guid, .atomID:
            let permalink = (attributes.value(of: "ispermalink") ?? "true") == "true"
            beginPlain(.id(isPermalink: permalink, isGUID: kind == .guid), frame: &frame)
        case .published: beginPlain(.published, frame: &frame)
        case .updated: beginPlain(.updated, frame: &frame)
        case .author:
            entry?.author.begin()
            authorDepth = depth
            frame.flags.insert(.startedAuthor)
            beginPlain(.author, frame: &frame)
        case .name where authorDepth != nil: beginPlain(.authorName, frame: &frame)
        case .email where authorDepth != nil: beginPlain(.authorEmail, frame: &frame)
        case .category, .mediaCategory:
            let scheme = attributes.value(of: "scheme") ?? attributes.value(of: "domain")
                ?? (kind == .mediaCategory ? "http://search.yahoo.com/mrss/category_schema" : nil)
            entry?.tags.add(term: attributes.value(of: "term"), scheme: scheme, label: attributes.value(of: "label"))
            beginPlain(.category, frame: &frame)
        case .itunesCategory:
            entry?.tags.add(term: attributes.value(of: "text"), scheme: "http://www.itunes.com/", label: nil)
            beginPlain(.category, frame: &frame)
        case .tags: beginPlain(.commaSeparatedTags(scheme: nil, skipBlank: false), frame: &frame)
        case .itunesKeywords: beginPlain(.commaSeparatedTags(scheme: "http://www.itunes.com/", skipBlank: true), frame: &frame)
        case .mediaKeywords: beginPlain(.commaSeparatedTags(scheme: nil, skipBlank: true), frame: &frame)
        case .enclosure:
            if let url = attributes.value(of: "url") ?? attributes.value(of: "uri") ?? attributes.value(of: "href") {
                addEnclosure(url: url, type: attributes.value(of: "type"), length: attributes.value(of: "length"))
            }
        case .mediaContent:
            if let url = attributes.value(of: "url"), !url.isEmpty, entry?.hasRoom(media: true) == true {
                let resolved = resolve(url.trimmingASCIIWhitespace())
                entry?.add(Enclosure(
                    url: resolved, type: attributes.value(of: "type").map(ByteText.asciiLowercased),
                    length: attributes.value(of: "filesize")), media: true)
            }
        case .origLink: beginPlain(.originalLink, frame: &frame)
        default: break
        }
    }

    mutating func startFeedField(_ kind: ElementKind, attributes: XMLAttributes, frame: inout Frame) {
        switch kind {
        case .title: beginTextConstruct(.feedTitle, defaultType: "text/plain", attributes: attributes, frame: &frame)
        case .link: startLink(attributes: attributes, forFeed: true, frame: &frame)
        case .guid, .atomID:
            // feedparser lets a feed's id stand in for its link, as an entry's does.
            beginPlain(.feedID(isPermalink: (attributes.value(of: "ispermalink") ?? "true") == "true"), frame: &frame)
        case .ttl: beginPlain(.ttl, frame: &frame)
        case .syUpdatePeriod: beginPlain(.updatePeriod, frame: &frame)
        case .syUpdateFrequency: beginPlain(.updateFrequency, frame: &frame)
        case .skipHours:
            inSkipHours = true
            frame.flags.insert(.startedSkipHours)
        case .skipDays:
            inSkipDays = true
            frame.flags.insert(.startedSkipDays)
        case .hour where inSkipHours: beginPlain(.skipHour, frame: &frame)
        case .day where inSkipDays: beginPlain(.skipDay, frame: &frame)
        default: break
        }
    }

    /// A title inside a skipped container: its value is dropped, but it still counts for
    /// feedparser's `title_depth`.
    mutating func startBlockedTitle(frame: inout Frame) {
        beginPlain(.blockedTitle, frame: &frame)
    }

    // MARK: - Beginning captures

    /// A description or summary becomes content when the entry already has a summary and no
    /// content element (feedparser's rule for items that carry both).
    private mutating func beginSummaryOrContent(defaultType: String, attributes: XMLAttributes, frame: inout Frame) {
        // Inside an entry's image or textinput feedparser looks at another context, where
        // there is no summary yet.
        if let draft = entry, draft.summary != nil, !draft.hasContent, !inEntryImage, !inEntryTextInput {
            entry?.hasContent = true
            beginTextConstruct(.content(copiesToSummary: true), defaultType: "text/plain", attributes: attributes, frame: &frame)
        } else {
            beginTextConstruct(.summary, defaultType: defaultType, attributes: attributes, frame: &frame)
        }
    }

    private mutating func beginTextConstruct(_ target: CaptureTarget, defaultType: String, attributes: XMLAttributes, frame: inout Frame) {
        let type = TextCapture.mediaType(attributes.value(of: "type") ?? defaultType)
        let mode = attributes.value(of: "mode").map(ByteText.asciiLowercased)
        var capture = TextCapture(
            target: target, depth: depth, rankDepth: depth + depthSkew, start: text.count, base: currentBase, contentType: type)
        capture.isBase64 = mode == "base64"
            || !(type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml"))
        capture.serializesMarkup = type == "application/xhtml+xml"
        captures.append(capture)
        frame.flags.insert(.startedCapture)
    }

    private mutating func beginPlain(_ target: CaptureTarget, frame: inout Frame) {
        captures.append(TextCapture(
            target: target, depth: depth, rankDepth: depth + depthSkew, start: text.count, base: currentBase, contentType: nil))
        frame.flags.insert(.startedCapture)
    }

    /// Atom links carry the URL in `href`; RSS links in their text.
    private mutating func startLink(attributes: XMLAttributes, forFeed: Bool, frame: inout Frame) {
        guard let href = attributes.value(of: "href") ?? attributes.value(of: "url") ?? attributes.value(of: "uri") else {
            beginPlain(forFeed ? .feedLink : .link, frame: &frame)
            return
        }
        let rel = attributes.value(of: "rel").map(ByteText.asciiLowercased) ?? "alternate"
        let type = attributes.value(of: "type").map(ByteText.asciiLowercased) ?? (rel == "self" ? "application/atom+xml" : "text/html")
        // An empty href is the base itself (which costs the budget its size: every such link
        // is written out in full).
        let trimmed = href.trimmingASCIIWhitespace()
        let absolute = trimmed.isEmpty ? baseAsLink() : resolve(trimmed)
        if rel == "alternate", TextCapture.isHTMLish(TextCapture.mediaType(type)) {
            if forFeed { feed.link = absolute } else { entry?.link = absolute }
        } else if rel == "enclosure", !forFeed {
            addEnclosure(url: absolute, type: attributes.value(of: "type"), length: attributes.value(of: "length"))
        }
    }

    private mutating func addEnclosure(url: String, type: String?, length: String?) {
        let trimmed = url.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty, entry?.hasRoom(media: false) == true else { return }
        let enclosure = Enclosure(url: resolve(trimmed), type: type.map(ByteText.asciiLowercased), length: length)
        entry?.add(enclosure, media: false)
    }

    func resolve(_ reference: String) -> String {
        LinkResolution.resolve(reference, against: currentBase, within: linkBudget)
    }

    /// The current base as a link, or nothing once the link budget is spent.
    private func baseAsLink() -> String {
        let base = currentBase
        guard linkBudget.allows(base.utf8.count) else { return "" }
        linkBudget.spend(base.utf8.count)
        return base
    }
}

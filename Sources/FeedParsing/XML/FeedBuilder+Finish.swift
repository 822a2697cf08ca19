import Foundation

/// Finishing a capture: turning its collected bytes into a value and storing it.
extension FeedBuilder {
    mutating func finishCapture() {
        guard let capture = captures.popLast() else { return }
        if capture.isTextConstruct {
            let (value, type) = text.withUnsafeBufferPointer { all in
                textConstructValue(UnsafeBufferPointer(rebasing: all[capture.start...]), capture)
            }
            text.removeSubrange(capture.start...)
            storeTextConstruct(capture, value: value, type: type)
        } else {
            let value = text.withUnsafeBufferPointer { all in
                FieldText.string(TextTrimming.trimmed(UnsafeBufferPointer(rebasing: all[capture.start...])))
            }
            text.removeSubrange(capture.start...)
            finishPlain(capture, value: value)
        }
    }

    // MARK: - Text constructs

    /// The final value of a text construct and the media type it turned out to have.
    /// Works on the collected bytes in place and copies only when a step changes them.
    private func textConstructValue(_ collected: UnsafeBufferPointer<UInt8>, _ capture: TextCapture) -> (String, String) {
        var type = capture.contentType ?? "text/plain"
        var view = collected
        // Atom 1.0 XHTML comes wrapped in one div, which is not part of the value.
        if isAtom10, type == "application/xhtml+xml", capture.topLevelElementCount == 1, !capture.topLevelText,
           let inner = capture.wrapperDivInner {
            view = UnsafeBufferPointer(rebasing: collected[(inner.lowerBound - capture.start)..<(inner.upperBound - capture.start)])
        }
        view = TextTrimming.trimmed(view)
        var owned: [UInt8]?
        if capture.isBase64, let decoded = Base64Text.decode(view), decoded.withUnsafeBufferPointer({ UTF8Scan($0).isValid }) {
            owned = decoded
        }
        func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            if let owned { return owned.withUnsafeBufferPointer(body) }
            return body(view)
        }
        let hasMarkup = withBytes { $0.contains(UInt8(ascii: "<")) || $0.contains(UInt8(ascii: "&")) }
        // RSS puts HTML in elements that are nominally plain text; feedparser guesses.
        if hasMarkup, !isAtom, type == "text/plain", withBytes({ HTMLDetection.looksLikeHTML(Array($0)[...]) }) {
            type = "text/html"
        }
        if hasMarkup, TextCapture.isHTMLish(type) {
            if !capture.base.isEmpty,
               let resolved = withBytes({ HTMLLinkResolver.resolvingLinks(in: $0, base: capture.base, budget: linkBudget) }) {
                owned = resolved
            }
            if withBytes(HTMLScriptRemoval.mayContainScripts), let cleaned = withBytes({ HTMLScriptRemoval.removingScripts(Array($0)) }) {
                owned = cleaned
            }
        }
        return (withBytes(FieldText.string), type)
    }

    private mutating func storeTextConstruct(_ capture: TextCapture, value: String, type: String) {
        switch capture.target {
        case .feedTitle:
            guard !(titleBlockDepth > -1 && titleBlockDepth <= capture.rankDepth) else { return }
            feed.title = value
            if !value.isEmpty { titleBlockDepth = capture.rankDepth }
        case .title(let fromMedia):
            let previousBlock = titleBlockDepth
            if !(titleBlockDepth > -1 && titleBlockDepth <= capture.rankDepth) {
                entry?.store(\.title, value, depth: capture.rankDepth)
            }
            if !value.isEmpty { titleBlockDepth = fromMedia ? previousBlock : capture.rankDepth }
        case .summary:
            entry?.store(\.summary, value, depth: capture.rankDepth)
        case .content:
            let copies = type == "text/plain" || TextCapture.isHTMLish(type)
            entry?.addContent(value, copiesToSummary: copies)
        default:
            break
        }
    }

    // MARK: - Plain values

    private mutating func finishPlain(_ capture: TextCapture, value: String) {
        var value = value
        switch capture.target {
        case .feedID(let isPermalink):
            if isPermalink {
                value = resolve(value, base: capture.base)
                if feed.link == nil { feed.link = value }
            }
        case .link, .feedLink:
            value = Self.repairingQueryAmpersands(resolve(value, base: capture.base))
            if capture.target == .feedLink { feed.link = value } else { entry?.link = value }
        case .id(let isPermalink, let isGUID):
            if isPermalink { value = resolve(value, base: capture.base) }
            if entry?.store(\.id, value, depth: capture.rankDepth) == true { entry?.idIsPermalink = isPermalink && isGUID }
            if isPermalink, entry?.link == nil { entry?.link = value }
        case .published:
            entry?.published = FeedDate.parse(value)
        case .updated:
            entry?.updated = FeedDate.parse(value)
        case .author:
            entry?.author.end(text: value, depth: capture.rankDepth)
        case .authorName:
            entry?.author.setChild(name: value)
        case .authorEmail:
            entry?.author.setChild(email: value)
        case .category:
            entry?.tags.addText(value)
        case .commaSeparatedTags(let scheme, let skipBlank):
            for term in value.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = term.trimmingASCIIWhitespace()
                if skipBlank, trimmed.isEmpty { continue }
                entry?.tags.add(term: trimmed, scheme: scheme, label: nil)
            }
        case .originalLink:
            if !value.isEmpty {
                let link = resolve(value, base: capture.base)
                entry?.originalLink = link
            }
        case .ttl:
            feed.pollingHints.ttlMinutes = Int(value).flatMap { $0 > 0 ? $0 : nil }
        case .updatePeriod:
            feed.updatePeriodSeconds = FeedDraft.periodSeconds(value)
        case .updateFrequency:
            feed.updateFrequency = Int(value)
        case .skipHour:
            if let hour = Int(value), (0...24).contains(hour) { feed.pollingHints.skipHours.insert(hour % 24) }
        case .skipDay:
            if let day = FeedDraft.dayNumber(value) { feed.pollingHints.skipDays.insert(day) }
        case .blockedTitle:
            if !value.isEmpty { titleBlockDepth = capture.rankDepth }
        case .feedTitle, .title, .summary, .content:
            break
        }
    }

    private func resolve(_ reference: String, base: String) -> String {
        LinkResolution.resolve(reference, against: base, within: linkBudget)
    }

    /// feedparser's repair of query strings whose `&b=2` an HTML-minded parser turned into
    /// `&b;=2`: `&amp;` back to `&`, and `&name;` to `&name`.
    static func repairingQueryAmpersands(_ link: String) -> String {
        // Both repairs need a semicolon.
        guard link.utf8.contains(UInt8(ascii: ";")) else { return link }
        var bytes = Array(ByteText.replacing("&amp;", with: "&", in: link).utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "&") else { index += 1; continue }
            var cursor = index + 1
            while cursor < bytes.count, DateText.isLetter(bytes[cursor]) || DateText.isDigit(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "_") {
                cursor += 1
            }
            if cursor > index + 1, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") {
                bytes.remove(at: cursor)
            }
            index = cursor
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

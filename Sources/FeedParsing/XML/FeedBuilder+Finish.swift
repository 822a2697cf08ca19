import FeedURL
import Foundation

/// Finishing a capture: turning its collected bytes into a value and storing it.
extension FeedBuilder {
    func finishCapture() {
        guard let capture = captures.popLast() else { return }
        var bytes = Array(text[capture.start...])
        text.removeSubrange(capture.start...)
        if capture.isTextConstruct {
            finishTextConstruct(capture, bytes: &bytes)
        } else {
            finishPlain(capture, bytes: bytes)
        }
    }

    // MARK: - Text constructs

    private func finishTextConstruct(_ capture: TextCapture, bytes: inout [UInt8]) {
        var type = capture.contentType ?? "text/plain"
        // Atom 1.0 XHTML comes wrapped in one div, which is not part of the value.
        if isAtom10, type == "application/xhtml+xml", capture.topLevelElementCount == 1, !capture.topLevelText,
           let inner = capture.wrapperDivInner {
            let offset = capture.start
            bytes = Array(bytes[(inner.lowerBound - offset)..<(inner.upperBound - offset)])
        }
        var value = Array(TextTrimming.trimmed(bytes))
        if capture.isBase64, let decoded = Base64Text.decode(value),
           decoded.withUnsafeBufferPointer({ UTF8Scan($0).isValid }) {
            value = decoded
        }
        // RSS puts HTML in elements that are nominally plain text; feedparser guesses.
        if !isAtom, type == "text/plain", HTMLDetection.looksLikeHTML(value[...]) {
            type = "text/html"
        }
        if TextCapture.isHTMLish(type) {
            if !capture.base.isEmpty, let resolved = HTMLLinkResolver.resolvingLinks(in: value, base: capture.base) {
                value = resolved
            }
            if let cleaned = HTMLScriptRemoval.removingScripts(value) { value = cleaned }
        }
        let string = String(decoding: LegacyTextRepair.repaired(value), as: UTF8.self)
        storeTextConstruct(capture, value: string, type: type)
    }

    private func storeTextConstruct(_ capture: TextCapture, value: String, type: String) {
        switch capture.target {
        case .feedTitle:
            guard !(titleBlockDepth > -1 && titleBlockDepth <= capture.depth) else { return }
            feed.title = value
            if !value.isEmpty { titleBlockDepth = capture.depth }
        case .title(let fromMedia):
            let previousBlock = titleBlockDepth
            if !(titleBlockDepth > -1 && titleBlockDepth <= capture.depth) {
                entry?.store(\.title, value, depth: capture.depth)
            }
            if !value.isEmpty { titleBlockDepth = fromMedia ? previousBlock : capture.depth }
        case .summary:
            entry?.store(\.summary, value, depth: capture.depth)
        case .content:
            let copies = type == "text/plain" || TextCapture.isHTMLish(type)
            entry?.addContent(value, copiesToSummary: copies)
        default:
            break
        }
    }

    // MARK: - Plain values

    private func finishPlain(_ capture: TextCapture, bytes: [UInt8]) {
        var value = String(decoding: LegacyTextRepair.repaired(Array(TextTrimming.trimmed(bytes))), as: UTF8.self)
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
            if entry?.store(\.id, value, depth: capture.depth) == true { entry?.idIsPermalink = isPermalink && isGUID }
            if isPermalink, entry?.link == nil { entry?.link = value }
        case .published:
            entry?.published = FeedDate.parse(value)
        case .updated:
            entry?.updated = FeedDate.parse(value)
        case .author:
            entry?.author.end(text: value, depth: capture.depth)
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
            if !value.isEmpty { entry?.originalLink = resolve(value, base: capture.base) }
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
        case .feedTitle, .title, .summary, .content:
            break
        }
    }

    private func resolve(_ reference: String, base: String) -> String {
        guard !base.isEmpty, !reference.isEmpty else { return reference }
        return URLResolution.resolve(reference, against: base)
    }

    /// feedparser's repair of query strings whose `&b=2` an HTML-minded parser turned into
    /// `&b;=2`: `&amp;` back to `&`, and `&name;` to `&name`.
    static func repairingQueryAmpersands(_ link: String) -> String {
        guard link.utf8.contains(UInt8(ascii: "&")) else { return link }
        var bytes = Array(link.replacingOccurrences(of: "&amp;", with: "&").utf8)
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

/// Elements on the page that metadata reads, found in one walk that skips the regions where
/// they would be someone else's (comments, related stories, sidebars, footers, navigation):
/// the byline line, the date element, the first `<h1>`, the `<h1>`/`<h2>` texts.
struct PageLandmarks {
    /// The first element that reads as a byline (Readability's test: `rel=author`,
    /// `itemprop~=author`, or a class/id with byline, author, dateline, writtenby; under 100
    /// characters), outermost first.
    var byline: Int?
    /// The first `<time datetime>` (or `itemprop=datePublished`) outside those regions.
    var dateElement: Int?
    var firstHeading: String?
    var firstHeadingNode: Int?
    var headings: [String] = []

    init(digest: PageDigest) {
        let tree = digest.tree
        var index = 0
        while index < tree.nodes.count {
            let node = tree.nodes[index]
            if node.tag == .text {
                index += 1
                continue
            }
            if node.tag == .head || node.tag == .nav || node.tag == .footer || node.tag == .aside
                || node.tag == .script || node.tag == .style || node.tag == .template
                || digest.alwaysRemoved[index] || Self.isElsewhere(digest.signals[index]) {
                index = Int(node.end)
                continue
            }
            if node.tag == .h1 || node.tag == .h2 {
                let text = TextCollapse.collapsed(HeadMetadata.text(of: index, in: tree))
                if !text.isEmpty {
                    headings.append(text)
                    if node.tag == .h1, firstHeading == nil {
                        firstHeading = text
                        firstHeadingNode = index
                    }
                }
            }
            if byline == nil, isByline(index, digest) { byline = index }
            if dateElement == nil, isDate(index, tree) { dateElement = index }
            index += 1
        }
    }

    private static func isElsewhere(_ signals: ClassSignals) -> Bool {
        signals.contains(.unlikely) && !signals.contains(.maybeContent) && !signals.contains(.meta)
            && !signals.contains(.positive)
    }

    private func isByline(_ index: Int, _ digest: PageDigest) -> Bool {
        let tree = digest.tree
        guard tree.nodes[index].tag != .time else { return false }
        var matches = digest.signals[index].contains(.byline)
        if !matches, let rel = tree.attribute(.rel, of: index) {
            matches = rel.count == 6 && rel.map { $0 | 0x20 }.elementsEqual("author".utf8)
        }
        if !matches, let itemprop = tree.attribute(.itemprop, of: index) {
            matches = ByteSearch.contains(itemprop, "author", caseInsensitive: true)
        }
        guard matches else { return false }
        let text = TextCollapse.collapsed(HeadMetadata.text(of: index, in: tree))
        // A date line named like a byline ("dateline") is not one.
        return !text.isEmpty && text.count < 100 && !(text.first?.isNumber ?? false)
    }

    private func isDate(_ index: Int, _ tree: PageTree) -> Bool {
        if tree.nodes[index].tag == .time, tree.has(.datetime, index) { return true }
        if let itemprop = tree.string(.itemprop, of: index), itemprop.contains("datePublished") {
            return tree.has(.datetime, index) || tree.has(.content, index)
        }
        return false
    }

    /// The byline's text, white space collapsed.
    func bylineText(_ tree: PageTree) -> String? {
        guard let byline else { return nil }
        let text = TextCollapse.collapsed(HeadMetadata.text(of: byline, in: tree))
        return text.isEmpty ? nil : text
    }
}

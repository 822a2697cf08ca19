/// Filters over the body's blocks once collected: what no element name gives away.
extension BodyAssembler {
    /// Text above the headline in the same container ("This story first appeared in …", a
    /// kicker) is not the article's, when it is a small part of what was found.
    func withoutPreamble(_ blocks: [TextBlock]) -> [TextBlock] {
        guard let headlineNode, selection.roots.contains(where: { tree.isInside(headlineNode, $0) }) else { return blocks }
        let before = blocks.prefix { $0.owner < headlineNode }
        let total = blocks.reduce(0) { $0 + $1.chars }
        guard !before.isEmpty, before.reduce(0, { $0 + $1.chars }) * 5 < total else { return blocks }
        return Array(blocks.dropFirst(before.count))
    }

    /// Lines that are links to other stories ("Read more: …", a list of related headlines) and
    /// the short heading above such a run ("Don't miss", "Related stories"); and the labels ad
    /// slots leave in the text ("Advertisement").
    func withoutLinkLists(_ blocks: [TextBlock]) -> [TextBlock] {
        var kept: [TextBlock] = []
        for block in blocks {
            if Self.isAdLabel(block.text) { continue }
            let isLinkLine = block.linkDensity > 0.75 && tree.nodes[block.owner].tag.headingLevel == nil
            if isLinkLine {
                if let last = kept.last, last.chars < 40, last.linkDensity < 0.75, !Self.endsSentence(last.text) {
                    kept.removeLast()
                }
                continue
            }
            kept.append(block)
        }
        return kept
    }

    static let adLabels: Set<String> = [
        "advertisement", "advert", "advertising", "ad", "sponsored", "sponsored content", "anzeige", "werbung",
        "publicidad", "publicité", "pubblicità", "reklama", "annons", "story continues below advertisement",
        "continue reading below", "article continues below", "read more", "continue reading",
    ]

    static func isAdLabel(_ text: String) -> Bool {
        text.utf8.count <= 40 && adLabels.contains(normalized(text))
    }

    static func endsSentence(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        return ".!?…\"”»)".contains(last)
    }

    /// Pull quotes repeat a sentence of the body: a quotation (in a `<blockquote>`, `<aside>`,
    /// `<figure>` or `<q>`) whose words all appear, in order, in another paragraph is dropped.
    func withoutPullQuotes(_ blocks: [TextBlock]) -> [TextBlock] {
        let quotations = blocks.indices.filter { blocks[$0].chars >= 20 && isQuotation(blocks[$0].owner) }
        guard blocks.count > 2, !quotations.isEmpty else { return blocks }
        let prose = blocks.indices.filter { !isQuotation(blocks[$0].owner) }.map { Self.normalized(blocks[$0].text) }
        let repeated = Set(quotations.filter { index in
            let words = Self.normalized(blocks[index].text)
            return words.count >= 20 && prose.contains { $0.count >= words.count && $0.contains(words) }
        })
        return blocks.indices.filter { !repeated.contains($0) }.map { blocks[$0] }
    }

    func isQuotation(_ node: Int) -> Bool {
        var current = node
        while current >= 0 {
            switch tree.nodes[current].tag {
            case .blockquote, .aside, .figure, .q: return true
            default: current = Int(tree.nodes[current].parent)
            }
        }
        return false
    }

    /// Letters and digits only, lower-cased, words separated by one space.
    static func normalized(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        func word() {
            if pendingSpace, !output.isEmpty { output.append(0x20) }
            pendingSpace = false
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    word()
                    output.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    word()
                    output.append(byte | 0x20)
                default:
                    pendingSpace = true
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word()
                output.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

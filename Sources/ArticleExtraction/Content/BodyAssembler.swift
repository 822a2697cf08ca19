/// Turns the chosen elements into the body's paragraphs and the captions, after Readability's
/// clean-up: footers, asides, share bars, pull quotes, ads and link-heavy or form-like boxes go;
/// figure captions are kept apart; headline, byline and date stay out of the body.
struct BodyAssembler {
    let digest: PageDigest
    let selection: ContentSelector.Selection
    let flags: ContentSelector.Flags
    let selector: ContentSelector
    /// Nodes that metadata already took (the byline, the date line): not body text.
    let metadataNodes: [Int]
    /// The headline, to drop a heading that repeats it.
    let headline: String?

    private var tree: PageTree { digest.tree }

    struct Body {
        var paragraphs: [String]
        var captions: [String]
        var chars: Int
    }

    func assemble() -> Body {
        var excluded = selection.excluded
        var captionNodes: [Int] = []
        for root in selection.roots {
            clean(root, excluded: &excluded, captions: &captionNodes)
        }
        for node in metadataNodes where !excluded[node] && isShort(node, limit: 200) {
            for inner in node ..< Int(tree.nodes[node].end) { excluded[inner] = true }
        }
        let blocks = TextBlock.collect(digest, roots: selection.roots, excluded: excluded)
        var kept: [TextBlock] = []
        let normalizedHeadline = headline.map(Self.normalized)
        for block in blocks {
            if let normalizedHeadline, tree.nodes[block.owner].tag.headingLevel != nil,
               Self.normalized(block.text) == normalizedHeadline {
                continue
            }
            kept.append(block)
        }
        kept = withoutPullQuotes(kept)
        let paragraphs = kept.map(\.text)
        let chars = kept.reduce(0) { $0 + $1.chars }
        let captions = captionNodes.compactMap { node -> String? in
            let text = TextBlock.collect(digest, roots: [node], excluded: selection.excluded).map(\.text)
                .joined(separator: " ")
            return text.isEmpty ? nil : text
        }
        return Body(paragraphs: paragraphs, captions: captions, chars: chars)
    }

    /// Marks what Readability's `prepArticle` removes inside `root`, and collects caption elements.
    private func clean(_ root: Int, excluded: inout [Bool], captions: inout [Int]) {
        var index = root
        let end = Int(tree.nodes[root].end)
        while index < end {
            let node = tree.nodes[index]
            if excluded[index] || node.tag == .text {
                index = excluded[index] ? Int(node.end) : index + 1
                continue
            }
            if index != root, let isCaption = removal(index) {
                if isCaption { captions.append(index) }
                for inner in index ..< Int(node.end) { excluded[inner] = true }
                index = Int(node.end)
                continue
            }
            index += 1
        }
    }

    /// Nil to keep the element; true to move it to the captions; false to drop it.
    private func removal(_ index: Int) -> Bool? {
        let node = tree.nodes[index]
        let signals = digest.signals[index]
        switch node.tag {
        case .footer, .aside, .header:
            return false
        case .figcaption:
            return true
        case .figure:
            if containsMedia(index) {
                // The caption, when there is one, is kept; the image itself has no text.
                return figureCaption(index) != nil ? captionOnly(index) : false
            }
        case .h1, .h2:
            if flags.contains(.weightClasses), selector.classWeight(index) < 0 { return false }
        default:
            break
        }
        if signals.contains(.caption), isShort(index, limit: 600), !signals.contains(.maybeContent) { return true }
        if signals.contains(.pullQuote) || signals.contains(.consent) { return false }
        if signals.contains(.share), isShort(index, limit: 500) { return false }
        if signals.contains(.advert), isShort(index, limit: 400) { return false }
        if signals.contains(.meta), !signals.contains(.maybeContent), isShort(index, limit: 150) { return false }
        // A short line named like tags, share or promo boxes ("Filed under: Local").
        if signals.contains(.negative), !signals.contains(.positive), isShort(index, limit: 100) { return false }
        if flags.contains(.cleanConditionally), isConditionallyRemoved(index) { return false }
        return nil
    }

    /// A figure whose caption is the only text: it goes to the captions whole.
    private func captionOnly(_ figure: Int) -> Bool { true }

    private func figureCaption(_ figure: Int) -> Int? {
        for inner in figure ..< Int(tree.nodes[figure].end) where tree.nodes[inner].tag == .figcaption {
            return inner
        }
        return nil
    }

    private func containsMedia(_ node: Int) -> Bool {
        for inner in node ..< Int(tree.nodes[node].end) {
            switch tree.nodes[inner].tag {
            case .img, .picture, .video, .iframe, .svg, .canvas, .object, .embed: return true
            default: continue
            }
        }
        return false
    }

    private func isShort(_ node: Int, limit: Int) -> Bool {
        selection.counts.chars(node, end: Int(tree.nodes[node].end)) < limit
    }

    /// Readability's `_cleanConditionally` for tables, lists, divs and forms: boxes with few
    /// commas that look like link lists, image galleries, forms or embeds rather than prose.
    private func isConditionallyRemoved(_ index: Int) -> Bool {
        let tag = tree.nodes[index].tag
        guard [.div, .ul, .ol, .table, .form, .fieldset, .section].contains(tag) else { return false }
        let end = Int(tree.nodes[index].end)
        let counts = selection.counts
        if tag == .table, isDataTable(index) { return false }
        if tree.closest(.code, from: index) != nil { return false }
        let contentLength = counts.chars(index, end: end)
        var isList = tag == .ul || tag == .ol
        if !isList, contentLength > 0 {
            isList = Double(counts.listChars(index, end: end)) / Double(contentLength) > 0.9
        }
        let weight = flags.contains(.weightClasses) ? selector.classWeight(index) : 0
        if weight < 0 { return true }
        guard counts.commas(index, end: end) < 10 else { return false }
        let paragraphs = counts.paragraphs(index, end: end)
        let images = counts.images(index, end: end)
        let listItems = counts.listItems(index, end: end) - 100
        let inputs = counts.inputs(index, end: end)
        let embeds = counts.embeds(index, end: end)
        let headingDensity = contentLength > 0 ? Double(counts.headingChars(index, end: end)) / Double(contentLength) : 0
        let linkDensity = counts.linkDensity(index, end: end)
        let inFigure = tree.closest(.figure, from: index) != nil
        var remove = false
        if !inFigure, images > 1, Double(paragraphs) / Double(images) < 0.5 { remove = true }
        if !isList, listItems > paragraphs { remove = true }
        if inputs > paragraphs / 3 { remove = true }
        if !isList, !inFigure, headingDensity < 0.9, contentLength < 25, images == 0 || images > 2, linkDensity > 0 {
            remove = true
        }
        // Readability's link-density limit, except for a wrapped paragraph of prose with a
        // link or two in it (not a list of links).
        let isProse = paragraphs >= 1 && contentLength >= 50 && linkDensity < 0.35
        if !isList, weight < 25, linkDensity > 0.2, !isProse { remove = true }
        if weight >= 25, linkDensity > 0.5 { remove = true }
        if (embeds == 1 && contentLength < 75) || embeds > 1 { remove = true }
        if images == 0, contentLength == 0 { remove = true }
        if isList, remove, images > 0, images == counts.listItems(index, end: end) { return false }
        return remove
    }

    /// Tables of data rather than layout: a caption, header cells, or many rows and columns.
    private func isDataTable(_ table: Int) -> Bool {
        var rows = 0
        var cells = 0
        for inner in table ..< Int(tree.nodes[table].end) {
            switch tree.nodes[inner].tag {
            case .caption, .th, .thead: return true
            case .tr: rows += 1
            case .td: cells += 1
            case .table where inner != table: return false
            default: continue
            }
        }
        return rows >= 10 || cells > 40
    }

    /// Pull quotes repeat a sentence of the body: a quotation (in a `<blockquote>`, `<aside>`,
    /// `<figure>` or `<q>`) whose words all appear, in order, in another paragraph is dropped.
    private func withoutPullQuotes(_ blocks: [TextBlock]) -> [TextBlock] {
        guard blocks.count > 2 else { return blocks }
        let normalized = blocks.map { Self.normalized($0.text) }
        var kept: [TextBlock] = []
        for (index, block) in blocks.enumerated() {
            let words = normalized[index]
            if words.count >= 20, isQuotation(block.owner),
               normalized.indices.contains(where: { $0 != index && normalized[$0].count >= words.count
                   && normalized[$0].contains(words) && !isQuotation(blocks[$0].owner) }) {
                continue
            }
            kept.append(block)
        }
        return kept
    }

    private func isQuotation(_ node: Int) -> Bool {
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
        var output = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace, !output.isEmpty { output.append(" ") }
                pendingSpace = false
                output.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                pendingSpace = true
            }
        }
        return output
    }
}

/// Readability's `prepArticle` clean-up inside the chosen elements, and captions set apart.
extension BodyAssembler {
    /// Marks what Readability's `prepArticle` removes inside `root`, and collects caption elements.
    func clean(_ root: Int, excluded: inout [Bool], captions: inout [Int]) {
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
    func removal(_ index: Int) -> Bool? {
        let node = tree.nodes[index]
        let signals = digest.signals[index]
        switch node.tag {
        case .footer, .aside, .header:
            return false
        case .figcaption:
            return true
        case .figure:
            if containsMedia(index) {
                // A figure with a caption goes to the captions whole (caption and credit); the
                // image itself has no text.
                return figureCaption(index) != nil
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

    func figureCaption(_ figure: Int) -> Int? {
        for inner in figure ..< Int(tree.nodes[figure].end) where tree.nodes[inner].tag == .figcaption {
            return inner
        }
        return nil
    }

    func containsMedia(_ node: Int) -> Bool {
        for inner in node ..< Int(tree.nodes[node].end) {
            switch tree.nodes[inner].tag {
            case .img, .picture, .video, .iframe, .svg, .canvas, .object, .embed: return true
            default: continue
            }
        }
        return false
    }

    func isShort(_ node: Int, limit: Int) -> Bool {
        selection.counts.chars(node, end: Int(tree.nodes[node].end)) < limit
    }

    /// Readability's `_cleanConditionally` for tables, lists, divs and forms: boxes with few
    /// commas that look like link lists, image galleries, forms or embeds rather than prose.
    func isConditionallyRemoved(_ index: Int) -> Bool {
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
    func isDataTable(_ table: Int) -> Bool {
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
}

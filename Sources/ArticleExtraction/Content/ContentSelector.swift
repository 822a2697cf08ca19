/// Finds the element that holds the article's text, in the manner of Mozilla Readability:
/// every paragraph scores its parent and, less, its grandparents (commas and length count); an
/// element's score is scaled down by its link density; the best element, with those of its
/// siblings that score close to it, is the article.
struct ContentSelector {
    /// Readability's three passes: each retry drops one of these when the text found is short.
    struct Flags: OptionSet {
        let rawValue: Int
        static let stripUnlikely = Flags(rawValue: 1)
        static let weightClasses = Flags(rawValue: 2)
        static let cleanConditionally = Flags(rawValue: 4)
        static let all: Flags = [.stripUnlikely, .weightClasses, .cleanConditionally]
    }

    /// The chosen elements, in document order, and what was removed before scoring.
    struct Selection {
        var roots: [Int]
        var excluded: [Bool]
        var counts: SubtreeCounts
    }

    let digest: PageDigest
    let flags: Flags
    /// Elements known to hold the article (schema.org `articleBody`), if any.
    let hint: Int?
    /// The headline element: paragraphs above it are not the article's.
    let headline: Int?

    var tree: PageTree { digest.tree }

    func select() -> Selection {
        let excluded = exclusions()
        let counts = SubtreeCounts(digest, excluded: excluded)
        let scores = candidateScores(excluded: excluded, counts: counts)
        guard var top = bestCandidate(scores) else {
            return Selection(roots: [digest.body], excluded: excluded, counts: counts)
        }
        top = widened(top, scores: scores, excluded: excluded)
        var roots = withSiblings(top, scores: scores, excluded: excluded, counts: counts)
        roots = withChunks(top, roots: roots, excluded: excluded, counts: counts)
        return Selection(roots: roots, excluded: excluded, counts: counts)
    }

    /// Hidden and non-content elements, and with `stripUnlikely` the ones whose names or roles
    /// say navigation, comments, sidebars, banners.
    private func exclusions() -> [Bool] {
        var excluded = Array(repeating: false, count: tree.nodes.count)
        var index = 0
        while index < tree.nodes.count {
            let node = tree.nodes[index]
            if node.tag != .text, digest.alwaysRemoved[index] || (flags.contains(.stripUnlikely) && isUnlikely(index)) {
                let end = Int(node.end)
                for inner in index ..< end { excluded[inner] = true }
                index = end
                continue
            }
            index += 1
        }
        return excluded
    }

    private static let unlikelyRoles: Set<String> = [
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", "banner", "contentinfo",
        "search",
    ]

    private func isUnlikely(_ index: Int) -> Bool {
        let tag = tree.nodes[index].tag
        guard tag != .body, tag != .a, tag != .html, index != hint else { return false }
        if let hint, tree.isInside(hint, index) { return false }
        let signals = digest.signals[index]
        if signals.contains(.consent) || signals.contains(.hidden) { return true }
        if signals.contains(.advert), rawChars(index) < 400 { return true }
        if signals.contains(.unlikely), !signals.contains(.maybeContent), tree.closest(.table, from: index) == nil {
            return true
        }
        if let role = tree.string(.role, of: index), Self.unlikelyRoles.contains(role.lowercased()) { return true }
        return false
    }

    /// Visible characters in the subtree, removals ignored.
    private func rawChars(_ index: Int) -> Int {
        var total = 0
        for inner in index ..< Int(tree.nodes[index].end) where tree.nodes[inner].tag == .text {
            total += Int(digest.chars[inner])
            if total >= 1000 { break }
        }
        return total
    }

    /// Scores of the elements paragraphs vote for, link density applied.
    private func candidateScores(excluded: [Bool], counts: SubtreeCounts) -> [Int: Double] {
        var scores: [Int: Double] = [:]
        let blocks = TextBlock.collect(digest, roots: [digest.body], excluded: excluded, text: false)
        for block in blocks where block.chars >= 25 {
            guard let first = firstVotedAncestor(of: block.owner) else { continue }
            let score = 2.0 + Double(block.commas) + Double(min(block.chars / 100, 3))
            var ancestor = first
            var level = 0
            while ancestor >= 0, level < 5 {
                let parent = Int(tree.nodes[ancestor].parent)
                guard parent >= 0 else { break }
                if scores[ancestor] == nil { scores[ancestor] = initialScore(ancestor) }
                let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level * 3)
                scores[ancestor, default: 0] += score / divider
                ancestor = parent
                level += 1
            }
        }
        for (node, score) in scores {
            scores[node] = score * (1 - counts.linkDensity(node, end: Int(tree.nodes[node].end)))
        }
        return scores
    }

    /// Where a block's votes start: a paragraph votes for its parent; loose text in a container
    /// is a paragraph of its own inside it, voting for the container (Readability wraps it in a
    /// `<p>`); a `<div>` with no block children is itself a paragraph.
    private func firstVotedAncestor(of owner: Int) -> Int? {
        switch tree.nodes[owner].tag {
        case .p, .pre, .td, .h2, .h3, .h4, .h5, .h6, .section:
            return Int(tree.nodes[owner].parent)
        case .div, .article, .main, .body, .center, .custom:
            return hasBlockChildren(owner) ? owner : Int(tree.nodes[owner].parent)
        default:
            return nil
        }
    }

    private func hasBlockChildren(_ node: Int) -> Bool {
        var child = node + 1
        let end = Int(tree.nodes[node].end)
        while child < end {
            switch tree.nodes[child].tag {
            case .blockquote, .dl, .div, .img, .ol, .p, .pre, .table, .ul, .section, .article, .figure: return true
            default: child = Int(tree.nodes[child].end)
            }
        }
        return false
    }

    private func initialScore(_ node: Int) -> Double {
        var score: Double
        switch tree.nodes[node].tag {
        case .div, .article, .main: score = 5
        case .pre, .td, .blockquote: score = 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: score = -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: score = -5
        default: score = 0
        }
        if flags.contains(.weightClasses) { score += Double(classWeight(node)) }
        return score
    }

    func classWeight(_ node: Int) -> Int {
        var weight = digest.signals[node].weight
        if node == hint { weight += 25 }
        return weight
    }

    private func bestCandidate(_ scores: [Int: Double]) -> Int? {
        var best: (node: Int, score: Double) = (-1, -.infinity)
        for (node, score) in scores where score > best.score || (score == best.score && node < best.node) {
            best = (node, score)
        }
        guard best.node >= 0, best.node != digest.body else { return nil }
        return best.node
    }

    /// Whether the paragraph's text has a full stop followed by a space or the end.
    func endsSentence(_ node: Int) -> Bool {
        var text: [UInt8] = []
        for inner in node ..< Int(tree.nodes[node].end) where tree.nodes[inner].tag == .text {
            text.append(contentsOf: tree.textBytes(inner))
        }
        for index in text.indices where text[index] == UInt8(ascii: ".") {
            if index + 1 == text.count || text[index + 1] == 0x20 { return true }
        }
        return false
    }
}

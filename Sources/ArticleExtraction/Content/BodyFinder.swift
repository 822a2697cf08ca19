/// Runs the selector and the assembler in Readability's passes: when the text found is short
/// (under 500 characters), again without stripping unlikely elements, then without class
/// weights, then without conditional cleaning; the longest result wins.
struct BodyFinder {
    let digest: PageDigest
    let metadata: ArticleMetadata

    struct Result {
        var paragraphs: [String] = []
        var captions: [String] = []
        var chars = 0
        var leadFigure: LeadFigure?
    }

    /// The lead image's figure: its image source and caption.
    struct LeadFigure {
        var source: String?
        var caption: String?
    }

    func find() -> Result {
        let hint = articleBodyElement()
        let passes: [ContentSelector.Flags] = [
            .all, [.weightClasses, .cleanConditionally], [.cleanConditionally], [],
        ]
        var best = Result()
        var bestRoots: [Int] = []
        for flags in passes {
            let selector = ContentSelector(digest: digest, flags: flags, hint: hint, headline: metadata.headingNode)
            let selection = selector.select()
            let body = BodyAssembler(digest: digest, selection: selection, flags: flags, selector: selector,
                                     metadataNodes: metadata.shownNodes, headline: metadata.firstHeading ?? metadata.title,
                                     headlineNode: metadata.headingNode)
                .assemble()
            // A later pass that only adds the surroundings of what an earlier one found (the
            // unlikely parts it no longer strips: related links, tags) does not replace it.
            let widensEarlier = !bestRoots.isEmpty && best.chars >= 150
                && bestRoots.allSatisfy { old in selection.roots.contains { $0 == old || digest.tree.isInside(old, $0) } }
            if best.paragraphs.isEmpty || (body.chars > best.chars && !widensEarlier) {
                best = Result(paragraphs: body.paragraphs, captions: body.captions, chars: body.chars)
                bestRoots = selection.roots
            }
            if body.chars >= 500 { break }
        }
        best.leadFigure = leadFigure(in: bestRoots)
        return best
    }

    /// The first element marked as the article's body (schema.org `itemprop="articleBody"`).
    private func articleBodyElement() -> Int? {
        let tree = digest.tree
        for index in tree.nodes.indices where tree.nodes[index].tag != .text {
            if let itemprop = tree.attribute(.itemprop, of: index),
               ByteSearch.contains(itemprop, "articleBody") {
                return index
            }
        }
        return nil
    }

    /// The first figure with an image in or just before the body (a lead image often sits
    /// above the text container).
    private func leadFigure(in roots: [Int]) -> LeadFigure? {
        let tree = digest.tree
        guard let first = roots.first else { return nil }
        let start = max(0, Int(tree.nodes[first].parent))
        let end = roots.map { Int(tree.nodes[$0].end) }.max() ?? first
        var index = start
        while index < end {
            if tree.nodes[index].tag == .figure {
                var source: String?
                var caption: String?
                for inner in index ..< Int(tree.nodes[index].end) {
                    if source == nil, tree.nodes[inner].tag == .img {
                        source = tree.string(.src, of: inner) ?? tree.string(.dataSrc, of: inner)
                    }
                    if caption == nil, tree.nodes[inner].tag == .figcaption {
                        let text = TextCollapse.collapsed(HeadMetadata.text(of: inner, in: tree))
                        caption = text.isEmpty ? nil : text
                    }
                }
                if source != nil { return LeadFigure(source: source, caption: caption) }
            }
            index += 1
        }
        return nil
    }
}

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
    /// The headline element (the first `<h1>`), if any.
    let headlineNode: Int?

    var tree: PageTree { digest.tree }

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
        kept = withoutPreamble(kept)
        kept = withoutLinkLists(kept)
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

}

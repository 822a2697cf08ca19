/// From the best-scoring element to the article: up the tree, across to siblings, over to
/// repeated chunks.
extension ContentSelector {
    /// Readability's moves up the tree: to an ancestor shared by three near-best candidates, to
    /// a parent that scores higher, and past parents with this one child.
    func widened(_ start: Int, scores: [Int: Double], excluded: [Bool]) -> Int {
        var top = start
        let topScore = scores[top] ?? 0
        let ranked = scores.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(5)
        let close = ranked.dropFirst().filter { topScore > 0 && $0.value / topScore >= 0.75 }.map(\.key)
        if close.count >= 3 {
            var parent = Int(tree.nodes[top].parent)
            while parent >= 0, parent != digest.body {
                if close.filter({ tree.isInside($0, parent) }).count >= 3 {
                    top = parent
                    break
                }
                parent = Int(tree.nodes[parent].parent)
            }
        }
        var parent = Int(tree.nodes[top].parent)
        var lastScore = scores[top] ?? 0
        let threshold = lastScore / 3
        while parent >= 0, parent != digest.body {
            guard let parentScore = scores[parent] else {
                parent = Int(tree.nodes[parent].parent)
                continue
            }
            if parentScore < threshold { break }
            if parentScore > lastScore {
                top = parent
                break
            }
            lastScore = parentScore
            parent = Int(tree.nodes[parent].parent)
        }
        parent = Int(tree.nodes[top].parent)
        while parent >= 0, parent != digest.body, elementChildren(of: parent, excluded: excluded).count == 1 {
            top = parent
            parent = Int(tree.nodes[top].parent)
        }
        return top
    }

    func elementChildren(of node: Int, excluded: [Bool]) -> [Int] {
        tree.children(of: node).filter { tree.nodes[$0].tag != .text && !excluded[$0] }
    }

    /// The top element with the siblings that score near it or read as paragraphs.
    func withSiblings(_ top: Int, scores: [Int: Double], excluded: [Bool], counts: SubtreeCounts) -> [Int] {
        let parent = Int(tree.nodes[top].parent)
        guard parent >= 0 else { return [top] }
        let topScore = scores[top] ?? 0
        let threshold = max(10, topScore * 0.2)
        let topClass = tree.attribute(.class, of: top)
        var roots: [Int] = []
        for sibling in elementChildren(of: parent, excluded: excluded) {
            if sibling == top {
                roots.append(sibling)
                continue
            }
            // A header, footer or aside beside the article is about it, not part of it.
            if [.header, .footer, .aside].contains(tree.nodes[sibling].tag) { continue }
            if let headline, sibling < headline, top > headline { continue }
            var bonus = 0.0
            if let topClass, !topClass.isEmpty, let siblingClass = tree.attribute(.class, of: sibling),
               siblingClass.elementsEqual(topClass) {
                bonus = topScore * 0.2
            }
            if let score = scores[sibling], score + bonus >= threshold {
                roots.append(sibling)
            } else if tree.nodes[sibling].tag == .p {
                let end = Int(tree.nodes[sibling].end)
                let density = counts.linkDensity(sibling, end: end)
                let length = counts.chars(sibling, end: end)
                if length > 80, density < 0.25 {
                    roots.append(sibling)
                } else if length < 80, length > 0, density == 0, endsSentence(sibling) {
                    roots.append(sibling)
                }
            }
        }
        return roots
    }

    /// Sites that cut an article into chunks between ad slots repeat the body container: other
    /// elements with the top one's tag and class, near it in the tree (a common ancestor at most
    /// four levels up) and holding prose rather than links, are parts of the same body.
    func withChunks(_ top: Int, roots: [Int], excluded: [Bool], counts: SubtreeCounts) -> [Int] {
        guard let topClass = tree.attribute(.class, of: top), !topClass.isEmpty else { return roots }
        var scope = top
        for _ in 0 ..< 4 where tree.nodes[scope].parent >= 0 && Int(tree.nodes[scope].parent) != digest.body {
            scope = Int(tree.nodes[scope].parent)
        }
        var chunks: [Int] = []
        var index = scope + 1
        let end = Int(tree.nodes[scope].end)
        while index < end {
            let node = tree.nodes[index]
            if excluded[index] || node.tag == .text || roots.contains(where: { $0 == index || tree.isInside(index, $0) }) {
                index = excluded[index] || roots.contains(index) ? Int(node.end) : index + 1
                continue
            }
            if node.tag == tree.nodes[top].tag, let nodeClass = tree.attribute(.class, of: index),
               nodeClass.elementsEqual(topClass) {
                let nodeEnd = Int(node.end)
                if counts.chars(index, end: nodeEnd) >= 80, counts.linkDensity(index, end: nodeEnd) < 0.3 {
                    chunks.append(index)
                }
                index = nodeEnd
                continue
            }
            index += 1
        }
        guard !chunks.isEmpty else { return roots }
        return (roots + chunks).sorted()
    }
}

/// Per-subtree sums over the nodes left after removals, by prefix sums in document order: the
/// sum over node `i`'s subtree is `totals[end] - totals[i]`, in constant time.
struct SubtreeCounts {
    /// Running totals before a node (one array: one allocation per pass).
    private struct Totals {
        var chars: Int32 = 0
        var commas: Int32 = 0
        var headingChars: Int32 = 0
        var listChars: Int32 = 0
        var paragraphs: Int32 = 0
        var images: Int32 = 0
        var listItems: Int32 = 0
        var inputs: Int32 = 0
        var embeds: Int32 = 0
        var linkChars: Float = 0
    }

    private var totals: [Totals]

    init(_ digest: PageDigest, excluded: [Bool]) {
        let tree = digest.tree
        let count = tree.nodes.count
        totals = Array(repeating: Totals(), count: count + 1)
        var running = Totals()
        var headingEnd = -1
        var listEnd = -1
        for index in 0 ..< count {
            let node = tree.nodes[index]
            // Tag counts include removed nodes: Readability's counts see the whole subtree it
            // is cleaning (inputs and embeds are removed before they are counted anyway).
            switch node.tag {
            case .p: running.paragraphs += 1
            case .img: running.images += 1
            case .li: running.listItems += 1
            case .input: running.inputs += 1
            case .object, .embed, .iframe: running.embeds += 1
            default: break
            }
            if node.tag.headingLevel != nil, index >= headingEnd { headingEnd = Int(node.end) }
            if node.tag == .ul || node.tag == .ol, index >= listEnd { listEnd = Int(node.end) }
            if node.tag == .text, !excluded[index] {
                let length = digest.chars[index]
                running.chars += length
                running.commas += digest.commas[index]
                if index < headingEnd { running.headingChars += length }
                if index < listEnd { running.listChars += length }
                switch digest.linkKind[index] {
                case 1: running.linkChars += Float(length)
                case 2: running.linkChars += 0.3 * Float(length)
                default: break
                }
            }
            totals[index + 1] = running
        }
    }

    private func sum(_ node: Int, _ end: Int, _ field: KeyPath<Totals, Int32>) -> Int {
        Int(totals[end][keyPath: field] - totals[node][keyPath: field])
    }

    func chars(_ node: Int, end: Int) -> Int { sum(node, end, \.chars) }
    func commas(_ node: Int, end: Int) -> Int { sum(node, end, \.commas) }
    func headingChars(_ node: Int, end: Int) -> Int { sum(node, end, \.headingChars) }
    func listChars(_ node: Int, end: Int) -> Int { sum(node, end, \.listChars) }
    func paragraphs(_ node: Int, end: Int) -> Int { sum(node, end, \.paragraphs) }
    func images(_ node: Int, end: Int) -> Int { sum(node, end, \.images) }
    func listItems(_ node: Int, end: Int) -> Int { sum(node, end, \.listItems) }
    func inputs(_ node: Int, end: Int) -> Int { sum(node, end, \.inputs) }
    func embeds(_ node: Int, end: Int) -> Int { sum(node, end, \.embeds) }

    func linkDensity(_ node: Int, end: Int) -> Double {
        let total = chars(node, end: end)
        guard total > 0 else { return 0 }
        return Double(totals[end].linkChars - totals[node].linkChars) / Double(total)
    }
}

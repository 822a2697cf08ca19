/// Per-subtree sums over the nodes left after removals, by prefix sums in document order: the
/// sum over node `i`'s subtree is `total[end] - total[i]`, in constant time.
struct SubtreeCounts {
    private(set) var chars: [Int32]
    private(set) var linkChars: [Float]
    private(set) var commas: [Int32]
    private(set) var headingChars: [Int32]
    private(set) var listChars: [Int32]
    private(set) var paragraphs: [Int32]
    private(set) var images: [Int32]
    private(set) var listItems: [Int32]
    private(set) var inputs: [Int32]
    private(set) var embeds: [Int32]

    init(_ digest: PageDigest, excluded: [Bool]) {
        let tree = digest.tree
        let count = tree.nodes.count
        chars = Array(repeating: 0, count: count + 1)
        linkChars = Array(repeating: 0, count: count + 1)
        commas = Array(repeating: 0, count: count + 1)
        headingChars = Array(repeating: 0, count: count + 1)
        listChars = Array(repeating: 0, count: count + 1)
        paragraphs = Array(repeating: 0, count: count + 1)
        images = Array(repeating: 0, count: count + 1)
        listItems = Array(repeating: 0, count: count + 1)
        inputs = Array(repeating: 0, count: count + 1)
        embeds = Array(repeating: 0, count: count + 1)
        var headingEnd = -1
        var listEnd = -1
        for index in 0 ..< count {
            chars[index + 1] = chars[index]
            linkChars[index + 1] = linkChars[index]
            commas[index + 1] = commas[index]
            headingChars[index + 1] = headingChars[index]
            listChars[index + 1] = listChars[index]
            paragraphs[index + 1] = paragraphs[index]
            images[index + 1] = images[index]
            listItems[index + 1] = listItems[index]
            inputs[index + 1] = inputs[index]
            embeds[index + 1] = embeds[index]
            let node = tree.nodes[index]
            // Raw counts include removed nodes: Readability's tag counts see the whole subtree
            // it is cleaning, and inputs and embeds are removed before they are counted anyway.
            switch node.tag {
            case .p: paragraphs[index + 1] += 1
            case .img: images[index + 1] += 1
            case .li: listItems[index + 1] += 1
            case .input: inputs[index + 1] += 1
            case .object, .embed, .iframe: embeds[index + 1] += 1
            default: break
            }
            if node.tag.headingLevel != nil, index >= headingEnd { headingEnd = Int(node.end) }
            if node.tag == .ul || node.tag == .ol, index >= listEnd { listEnd = Int(node.end) }
            guard node.tag == .text, !excluded[index] else { continue }
            let length = digest.chars[index]
            chars[index + 1] += length
            commas[index + 1] += digest.commas[index]
            if index < headingEnd { headingChars[index + 1] += length }
            if index < listEnd { listChars[index + 1] += length }
            switch digest.linkKind[index] {
            case 1: linkChars[index + 1] += Float(length)
            case 2: linkChars[index + 1] += 0.3 * Float(length)
            default: break
            }
        }
    }

    @inline(__always) private static func sum<T: Numeric>(_ array: [T], _ node: Int, _ end: Int) -> T {
        array[end] - array[node]
    }

    func chars(_ node: Int, end: Int) -> Int { Int(Self.sum(chars, node, end)) }
    func commas(_ node: Int, end: Int) -> Int { Int(Self.sum(commas, node, end)) }
    func headingChars(_ node: Int, end: Int) -> Int { Int(Self.sum(headingChars, node, end)) }
    func listChars(_ node: Int, end: Int) -> Int { Int(Self.sum(listChars, node, end)) }
    func paragraphs(_ node: Int, end: Int) -> Int { Int(Self.sum(paragraphs, node, end)) }
    func images(_ node: Int, end: Int) -> Int { Int(Self.sum(images, node, end)) }
    func listItems(_ node: Int, end: Int) -> Int { Int(Self.sum(listItems, node, end)) }
    func inputs(_ node: Int, end: Int) -> Int { Int(Self.sum(inputs, node, end)) }
    func embeds(_ node: Int, end: Int) -> Int { Int(Self.sum(embeds, node, end)) }

    func linkDensity(_ node: Int, end: Int) -> Double {
        let total = chars(node, end: end)
        guard total > 0 else { return 0 }
        return Double(Self.sum(linkChars, node, end)) / Double(total)
    }
}

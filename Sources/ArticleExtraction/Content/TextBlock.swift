/// A run of text between two block-level boundaries: a paragraph, a heading, a list item, a
/// table cell, or loose text inside a container.
struct TextBlock {
    /// The innermost block-level element around the text.
    var owner: Int
    /// The text, white space collapsed, `<br>` as a line break.
    var text: String
    /// Visible characters (as `TextCollapse.visibleLength` counts them).
    var chars: Int
    /// Of those, characters inside links (in-page `#` links count 0.3).
    var linkChars: Double
    var commas: Int

    var linkDensity: Double { chars > 0 ? linkChars / Double(chars) : 0 }

    /// Collects the blocks of the subtrees `roots` (in document order), leaving out nodes
    /// marked in `excluded`; without `text`, only the counts (for scoring).
    static func collect(_ digest: PageDigest, roots: [Int], excluded: [Bool], text withText: Bool = true) -> [TextBlock] {
        let tree = digest.tree
        var blocks: [TextBlock] = []
        var collapse = TextCollapse()
        var chars = 0
        var linkChars = 0.0
        var commas = 0
        var owners: [(owner: Int, end: Int)] = []

        func flush() {
            guard let owner = owners.last?.owner else { return }
            if chars > 0 {
                let text = withText ? collapse.trimmed : ""
                if !withText || !text.isEmpty {
                    blocks.append(TextBlock(owner: owner, text: text, chars: chars, linkChars: linkChars, commas: commas))
                }
            }
            collapse.reset()
            chars = 0
            linkChars = 0
            commas = 0
        }

        for root in roots {
            owners.removeAll()
            owners.append((tree.nodes[root].tag.isBlock ? root : Int(tree.nodes[root].parent), Int(tree.nodes[root].end)))
            var index = root
            let end = Int(tree.nodes[root].end)
            while index < end {
                while owners.count > 1, let last = owners.last, index >= last.end {
                    flush()
                    owners.removeLast()
                }
                let node = tree.nodes[index]
                if excluded[index] {
                    index = Int(node.end)
                    continue
                }
                switch node.tag {
                case .text:
                    if withText { collapse.append(tree.textBytes(index)) }
                    let length = Int(digest.chars[index])
                    chars += length
                    commas += Int(digest.commas[index])
                    switch digest.linkKind[index] {
                    case 1: linkChars += Double(length)
                    case 2: linkChars += 0.3 * Double(length)
                    default: break
                    }
                case .br:
                    collapse.lineBreak()
                case let tag where tag.isBlock:
                    flush()
                    owners.append((index, Int(node.end)))
                default:
                    break
                }
                index += 1
            }
            while !owners.isEmpty {
                flush()
                owners.removeLast()
            }
        }
        return blocks
    }
}

/// A parsed page as flat arrays in document order: node `i`'s subtree is `i + 1 ..< end`,
/// so every walk is a loop (no recursion a deeply nested page could overflow) and "inside"
/// is a range check.
struct PageTree {
    /// One element or text node.
    struct Node {
        var tag: HTMLTag
        var parent: Int32
        /// The index after the node's last descendant.
        var end: Int32
        /// Text nodes: the range of `text`. Elements: the range of `attributes`.
        var start: Int32
        var stop: Int32
    }

    /// One kept attribute; its value is `attributeBytes[start ..< end]`.
    struct Attribute {
        var name: AttributeName
        var start: Int32
        var end: Int32
    }

    var nodes: [Node] = []
    var attributes: [Attribute] = []
    var attributeBytes: [UInt8] = []
    /// The UTF-8 of all text nodes, entities decoded.
    var text: [UInt8] = []
    /// The bodies of `<script type="application/ld+json">` elements.
    var jsonLD: [[UInt8]] = []
    /// Why the parse stopped before the end of the page, if it did.
    var truncation: String?

    /// The value of attribute `name` on element `node`, as bytes.
    func attribute(_ name: AttributeName, of node: Int) -> ArraySlice<UInt8>? {
        let element = nodes[node]
        guard element.tag != .text else { return nil }
        var index = Int(element.start)
        while index < Int(element.stop) {
            let attribute = attributes[index]
            if attribute.name == name { return attributeBytes[Int(attribute.start) ..< Int(attribute.end)] }
            index += 1
        }
        return nil
    }

    /// The value of attribute `name` on `node` as a string.
    func string(_ name: AttributeName, of node: Int) -> String? {
        attribute(name, of: node).map { String(decoding: $0, as: UTF8.self) }
    }

    func has(_ name: AttributeName, _ node: Int) -> Bool {
        attribute(name, of: node) != nil
    }

    /// The text bytes of text node `node`.
    func textBytes(_ node: Int) -> ArraySlice<UInt8> {
        text[Int(nodes[node].start) ..< Int(nodes[node].stop)]
    }

    /// The indices of `node`'s children.
    func children(of node: Int) -> [Int] {
        var result: [Int] = []
        var child = node + 1
        let end = Int(nodes[node].end)
        while child < end {
            result.append(child)
            child = Int(nodes[child].end)
        }
        return result
    }

    /// True when `node` lies in the subtree of `ancestor`.
    func isInside(_ node: Int, _ ancestor: Int) -> Bool {
        node > ancestor && node < Int(nodes[ancestor].end)
    }

    /// The nearest ancestor of `node` (or `node` itself) with `tag`.
    func closest(_ tag: HTMLTag, from node: Int) -> Int? {
        var current = node
        while current >= 0 {
            if nodes[current].tag == tag { return current }
            current = Int(nodes[current].parent)
        }
        return nil
    }
}

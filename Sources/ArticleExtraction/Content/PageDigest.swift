/// Facts about every node that scoring reads again and again, computed once: each element's
/// class signals and whether it is hidden, and each text node's length, commas and whether it
/// is link text.
struct PageDigest {
    let tree: PageTree
    /// Per node (empty for text nodes).
    var signals: [ClassSignals]
    /// Per node: the element is hidden or never content (scripts, forms' controls, nav...).
    var alwaysRemoved: [Bool]
    /// Per text node: visible characters.
    var chars: [Int32]
    /// Per text node: commas.
    var commas: [Int32]
    /// Per text node: inside a link (0: no; 1: a link; 2: an in-page `#` link, which counts less).
    var linkKind: [UInt8]
    /// The `<body>` element, else the root.
    var body: Int

    init(tree: PageTree) {
        self.tree = tree
        let count = tree.nodes.count
        signals = Array(repeating: [], count: count)
        alwaysRemoved = Array(repeating: false, count: count)
        chars = Array(repeating: 0, count: count)
        commas = Array(repeating: 0, count: count)
        linkKind = Array(repeating: 0, count: count)
        body = 0
        var bodyFound = false
        var linkEnds: [(end: Int, kind: UInt8)] = []
        var names: [UInt8] = []
        var removedUntil = 0
        for index in 0 ..< count {
            while let last = linkEnds.last, index >= last.end { linkEnds.removeLast() }
            let node = tree.nodes[index]
            if node.tag == .text {
                let text = tree.textBytes(index)
                chars[index] = Int32(TextCollapse.visibleLength(text))
                commas[index] = Int32(Self.commaCount(text))
                linkKind[index] = linkEnds.last?.kind ?? 0
                continue
            }
            // Inside a removed subtree nothing is read again: no signals to work out.
            if index < removedUntil { continue }
            if node.tag == .body, !bodyFound {
                body = index
                bodyFound = true
            }
            names.removeAll(keepingCapacity: true)
            if let value = tree.attribute(.class, of: index) { names.append(contentsOf: value) }
            if let value = tree.attribute(.id, of: index) {
                names.append(0x20)
                names.append(contentsOf: value)
            }
            if !names.isEmpty {
                for position in names.indices where names[position] >= 0x41 && names[position] <= 0x5A {
                    names[position] |= 0x20
                }
                signals[index] = ClassSignals(names: names)
            }
            alwaysRemoved[index] = node.tag.isDiscarded || isHidden(index)
            if alwaysRemoved[index] { removedUntil = Int(node.end) }
            if node.tag == .a {
                let href = tree.attribute(.href, of: index)
                linkEnds.append((Int(node.end), href?.first == UInt8(ascii: "#") ? 2 : 1))
            }
        }
    }

    private func isHidden(_ index: Int) -> Bool {
        if tree.has(.hidden, index) { return true }
        if let aria = tree.attribute(.ariaHidden, of: index), aria.elementsEqual("true".utf8) {
            // Lazy-image fallbacks carry aria-hidden; the images themselves are not text anyway.
            return tree.nodes[index].tag != .img && tree.nodes[index].tag != .figure
        }
        if let style = tree.attribute(.style, of: index) {
            let compact = style.filter { $0 != 0x20 }.map { $0 | 0x20 }
            if ByteSearch.contains(compact[...], "display:none") || ByteSearch.contains(compact[...], "visibility:hidden") {
                return true
            }
        }
        return false
    }

    /// Commas as Readability counts them: ASCII, Arabic, and the full-width and small forms.
    private static func commaCount(_ text: ArraySlice<UInt8>) -> Int {
        var count = 0
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: ",") {
                count += 1
            } else if byte == 0xD8, index + 1 < text.endIndex, text[index + 1] == 0x8C {
                count += 1  // U+060C
            } else if byte == 0xEF, index + 2 < text.endIndex, text[index + 1] == 0xBC, text[index + 2] == 0x8C {
                count += 1  // U+FF0C
            }
            index += 1
        }
        return count
    }
}

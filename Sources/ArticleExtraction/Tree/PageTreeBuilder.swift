import CLibXML2

/// Builds a `PageTree` from libxml2's HTML SAX events. It lives at a fixed address handed to
/// the C callbacks (a struct behind a pointer: no reference counting per event), and stops the
/// parser when the page passes a limit, keeping what it read so far.
struct PageTreeBuilder {
    var tree = PageTree()
    private var open: [Int32] = []
    private let limits: ArticleLimits
    private var parserErrors = 0
    /// Set while inside a JSON-LD script, whose text is captured.
    private var capturingScript = false
    private var script: [UInt8] = []
    /// libxml2 hands the same interned pointer for every occurrence of a name.
    private var tagCache: [UnsafeRawPointer: HTMLTag] = [:]
    private var attributeCache: [UnsafeRawPointer: AttributeName?] = [:]
    var context: htmlParserCtxtPtr?

    init(limits: ArticleLimits, expectedBytes: Int) {
        self.limits = limits
        tree.text.reserveCapacity(expectedBytes)  // untouched pages cost nothing
        tree.nodes.reserveCapacity(expectedBytes / 64)
    }

    mutating func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard tree.truncation == nil else { return }
        if open.count >= limits.maxDepth {
            return stop("elements nested deeper than \(limits.maxDepth)")
        }
        if tree.nodes.count >= limits.maxElements {
            return stop("more than \(limits.maxElements) elements")
        }
        let tag = tag(for: name)
        let index = Int32(tree.nodes.count)
        let attributeStart = Int32(tree.attributes.count)
        if let attributes { keep(attributes) }
        tree.nodes.append(PageTree.Node(tag: tag, parent: open.last ?? -1, end: index + 1, start: attributeStart,
                                        stop: Int32(tree.attributes.count)))
        open.append(index)
        if tag == .script, let type = tree.attribute(.type, of: Int(index)),
           ByteSearch.contains(type, "ld+json") {
            capturingScript = true
            script.removeAll(keepingCapacity: true)
        }
    }

    mutating func endElement() {
        guard tree.truncation == nil, let index = open.popLast() else { return }
        tree.nodes[Int(index)].end = Int32(tree.nodes.count)
        if capturingScript, tree.nodes[Int(index)].tag == .script {
            capturingScript = false
            if script.count <= 1 << 20 { tree.jsonLD.append(script) }
        }
    }

    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard tree.truncation == nil else { return }
        if capturingScript {
            script.append(contentsOf: bytes)
            return
        }
        if let top = open.last {
            let tag = tree.nodes[Int(top)].tag
            if tag == .script || tag == .style { return }
        }
        let parent = open.last ?? -1
        if let last = tree.nodes.last, last.tag == .text, last.parent == parent,
           Int(last.stop) == tree.text.count {
            tree.text.append(contentsOf: bytes)
            tree.nodes[tree.nodes.count - 1].stop = Int32(tree.text.count)
            return
        }
        if tree.nodes.count >= limits.maxElements {
            return stop("more than \(limits.maxElements) nodes")
        }
        let start = Int32(tree.text.count)
        tree.text.append(contentsOf: bytes)
        let index = Int32(tree.nodes.count)
        tree.nodes.append(PageTree.Node(tag: .text, parent: parent, end: index + 1, start: start,
                                        stop: Int32(tree.text.count)))
    }

    mutating func scriptText(_ bytes: UnsafeBufferPointer<UInt8>) {
        if capturingScript, tree.truncation == nil { script.append(contentsOf: bytes) }
    }

    mutating func parserError() {
        parserErrors += 1
        if parserErrors > limits.maxParserErrors, tree.truncation == nil {
            stop("more than \(limits.maxParserErrors) markup errors")
        }
    }

    /// Closes what is still open (at the end of the page, or where the parse stopped).
    mutating func finish() -> PageTree {
        let count = Int32(tree.nodes.count)
        while let index = open.popLast() { tree.nodes[Int(index)].end = count }
        return tree
    }

    private mutating func stop(_ reason: String) {
        tree.truncation = reason
        if let context { xmlStopParser(context) }
    }

    private mutating func tag(for name: UnsafePointer<xmlChar>) -> HTMLTag {
        let key = UnsafeRawPointer(name)
        if let cached = tagCache[key] { return cached }
        let tag = HTMLTag(name: String(cString: name))
        tagCache[key] = tag
        return tag
    }

    /// Keeps the attributes extraction reads; `pairs` is libxml2's NULL-terminated name/value list.
    private mutating func keep(_ pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>) {
        var index = 0
        while let name = pairs[index] {
            defer { index += 2 }
            let key = UnsafeRawPointer(name)
            let known: AttributeName?
            if let cached = attributeCache[key] {
                known = cached
            } else {
                known = AttributeName(name: String(cString: name).lowercased())
                attributeCache[key] = known
            }
            guard let known else { continue }
            let start = Int32(tree.attributeBytes.count)
            if let value = pairs[index + 1] {
                tree.attributeBytes.append(contentsOf: UnsafeBufferPointer(start: value, count: strlen(value)))
            }
            tree.attributes.append(PageTree.Attribute(name: known, start: start, end: Int32(tree.attributeBytes.count)))
        }
    }
}

private func strlen(_ pointer: UnsafePointer<xmlChar>) -> Int {
    var length = 0
    while pointer[length] != 0 { length += 1 }
    return length
}

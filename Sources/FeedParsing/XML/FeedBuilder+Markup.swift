import CLibXML2

/// Child elements of text constructs, written out as markup.
extension FeedBuilder {
    /// A child element inside typed text: TypePad's `div` wrapper around HTML is skipped;
    /// any other element means the text is really XHTML, and it is written out as markup.
    mutating func startChildOfTextConstruct(
        localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
        attributes: XMLAttributes, frame: inout Frame
    ) {
        let index = captures.count - 1
        if !captures[index].serializesMarkup {
            let type = captures[index].contentType ?? ""
            if !type.hasSuffix("xml"), classifier.classify(localName: localName, prefix: prefix, uri: uri).isDiv {
                depthSkew += 1
                return
            }
            captures[index].serializesMarkup = true
            captures[index].contentType = "application/xhtml+xml"
        }
        let isTopLevel = depth == captures[index].depth + 1
        if isTopLevel { captures[index].topLevelElementCount += 1 }
        let tagStart = text.count
        text.append(UInt8(ascii: "<"))
        appendCString(localName)
        for attribute in 0..<attributes.count {
            guard let name = attributes.localName(at: attribute) else { continue }
            text.append(UInt8(ascii: " "))
            if let attributePrefix = attributes.prefix(at: attribute) {
                appendCString(attributePrefix)
                text.append(UInt8(ascii: ":"))
            }
            appendCString(name)
            text.append(contentsOf: "=\"".utf8)
            text.append(contentsOf: HTMLEntities.escapingAttribute(attributes.value(at: attribute)))
            text.append(UInt8(ascii: "\""))
        }
        // HTML void elements never have content or an end tag.
        let isVoid = VoidElements.contains(localName)
        text.append(contentsOf: isVoid ? " />".utf8 : ">".utf8)
        // Markup counts toward the field's size as its text does: a tag past the limit is
        // dropped, and with it its end tag (written only for a start tag that was kept).
        if text.count - captures[index].start > limits.maxFieldBytes {
            text.removeSubrange(tagStart...)
            truncateField()
            return
        }
        frame.flags.insert(isVoid ? .serializedVoid : .serialized)
        frame.startTagEnd = text.count
        if isTopLevel, captures[index].topLevelElementCount == 1, XMLAttributes.equalsIgnoringCase(localName, "div") {
            captures[index].wrapperDivInnerStart = text.count
        }
    }

    mutating func endSerializedChild(localName: UnsafePointer<xmlChar>, frame: Frame) {
        guard let index = captures.indices.last else { return }
        if depth == captures[index].depth + 1, let innerStart = captures[index].wrapperDivInnerStart,
           captures[index].wrapperDivInner == nil {
            captures[index].wrapperDivInner = innerStart..<text.count
        }
        text.append(contentsOf: "</".utf8)
        appendCString(localName)
        text.append(UInt8(ascii: ">"))
    }

    mutating func appendCString(_ pointer: UnsafePointer<xmlChar>) {
        var cursor = pointer
        while cursor.pointee != 0 {
            text.append(cursor.pointee)
            cursor += 1
        }
    }
}

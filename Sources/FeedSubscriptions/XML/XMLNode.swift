import CLibXML2
import Foundation

/// Read-only helpers over libxml2 element nodes.
extension UnsafeMutablePointer where Pointee == xmlNode {
    /// The element's local name, lower-cased (OPML and HTML writers disagree on case).
    var lowercasedName: String {
        pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }

    /// Child elements in document order.
    var childElements: [xmlNodePtr] {
        var children: [xmlNodePtr] = []
        var child = pointee.children
        while let node = child {
            if node.isElement { children.append(node) }
            child = node.pointee.next
        }
        return children
    }

    /// The value of the attribute named `name`, whatever its case; `namespace` nil matches an
    /// attribute in no namespace, else one in that namespace (by URI, whatever its prefix).
    func attribute(_ name: String, namespace: String? = nil) -> String? {
        let wanted = name.lowercased()
        var property = pointee.properties
        while let current = property {
            defer { property = current.pointee.next }
            guard let rawName = current.pointee.name, String(cString: rawName).lowercased() == wanted else { continue }
            let uri = current.pointee.ns?.pointee.href.map { String(cString: $0) }
            guard uri == namespace else { continue }
            guard let value = xmlNodeListGetString(pointee.doc, current.pointee.children, 1) else { return "" }
            defer { feedd_xmlFree(value) }
            return String(cString: value)
        }
        return nil
    }

    /// The attribute's value, trimmed, or nil when absent or blank.
    func nonBlankAttribute(_ name: String, namespace: String? = nil) -> String? {
        guard let value = attribute(name, namespace: namespace)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Line of the element's start tag (1-based), when libxml2 recorded it.
    var line: Int? {
        let number = xmlGetLineNo(self)
        return number > 0 ? Int(number) : nil
    }
}

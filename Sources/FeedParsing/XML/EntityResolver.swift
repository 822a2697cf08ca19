import CLibXML2

/// Supplies entities XML does not define. Feeds use HTML's (`&nbsp;`, `&eacute;`, …), which
/// become their character; any other unknown name stays in the text as `&name;`, as
/// feedparser keeps it. The entities live in a private document owned here.
final class EntityResolver {
    private var holder: xmlDocPtr?

    deinit {
        if let holder { xmlFreeDoc(holder) }
    }

    /// What was made for a name the first time it was asked for.
    enum Kind {
        case htmlEntity, unknown
    }

    /// An internal entity for `name`, created on first use; `created` tells what kind when
    /// this call made it (nil when it already existed).
    func entity(named name: UnsafePointer<xmlChar>) -> (entity: xmlEntityPtr?, created: Kind?) {
        guard let document = holderDocument() else { return (nil, nil) }
        if let existing = xmlGetDocEntity(document, name) { return (existing, nil) }
        var content: [UInt8]
        let kind: Kind
        if let description = htmlEntityLookup(name), let scalar = Unicode.Scalar(description.pointee.value) {
            content = Array(String(Character(scalar)).utf8)
            kind = .htmlEntity
        } else {
            kind = .unknown
            // Re-parsed by libxml2 as content, so escape the ampersand to keep it literal.
            content = Array("&amp;".utf8)
            var cursor = name
            while cursor.pointee != 0, content.count < 200 {
                content.append(cursor.pointee)
                cursor += 1
            }
            content.append(UInt8(ascii: ";"))
        }
        content.append(0)
        let entity = content.withUnsafeBufferPointer { buffer in
            xmlAddDocEntity(document, name, Int32(XML_INTERNAL_GENERAL_ENTITY.rawValue), nil, nil, buffer.baseAddress)
        }
        return (entity, kind)
    }

    /// The character an HTML entity name stands for, for entity references libxml2 leaves
    /// in attribute values.
    static func htmlCharacter(named name: String) -> Unicode.Scalar? {
        name.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { xmlName in
                htmlEntityLookup(xmlName).flatMap { Unicode.Scalar($0.pointee.value) }
            }
        }
    }

    private func holderDocument() -> xmlDocPtr? {
        if let holder { return holder }
        guard let document = xmlNewDoc(nil) else { return nil }
        xmlCreateIntSubset(document, nil, nil, nil)
        holder = document
        return document
    }
}

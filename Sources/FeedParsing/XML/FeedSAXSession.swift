import CLibXML2

/// One parse of one document: the SAX callbacks' state and the builder they feed. It lives
/// at a fixed address for the whole parse (libxml2 hands the pointer back to each C
/// callback), so it is a struct reached through a pointer: no reference counting and no
/// dynamic exclusivity checks on the hot path.
struct FeedSAXSession {
    var builder: FeedBuilder
    private let entities = EntityResolver()
    private var context: xmlParserCtxtPtr?
    /// Bytes of character data libxml2 may deliver before the parse is stopped (bounds
    /// entity expansion, which can turn a small document into gigabytes of text).
    private let characterBudget: Int
    private var deliveredCharacters = 0
    private var entityLookups = 0
    /// libxml2 error codes seen, for deciding whether a repaired copy is worth parsing.
    private(set) var errorCodes: Set<Int32> = []
    private(set) var errorCount = 0
    /// The first error messages, as `line N: message`.
    private(set) var errorMessages: [String] = []

    init(builder: FeedBuilder, documentSize: Int) {
        self.builder = builder
        characterBudget = max(documentSize * 8, 1 << 25)
    }

    /// Parses `bytes` (UTF-8) to the end or until a limit stops it, and returns the session
    /// with its results.
    static func run(_ bytes: UnsafeBufferPointer<UInt8>, builder: FeedBuilder) -> FeedSAXSession {
        let session = UnsafeMutablePointer<FeedSAXSession>.allocate(capacity: 1)
        session.initialize(to: FeedSAXSession(builder: builder, documentSize: bytes.count))
        defer { session.deallocate() }
        var handler = makeHandler()
        if let parser = PushParser(handler: &handler, userData: UnsafeMutableRawPointer(session), options: LibXMLSetup.feedOptions) {
            session.pointee.context = parser.context
            parser.parse(bytes)
            session.pointee.context = nil
        } else {
            session.pointee.builder.noteProblem("libxml2 could not create a parser")
        }
        return session.move()
    }

    // MARK: - Events

    /// Keeps libxml2 delivering entity references after a recoverable error: in recover mode
    /// it otherwise drops every later reference, `&amp;` included, once `wellFormed` is 0.
    private func keepRecovering() {
        guard let context, context.pointee.wellFormed == 0 else { return }
        context.pointee.wellFormed = 1
    }

    private func checkStop() {
        if builder.stopReason != nil, let context { xmlStopParser(context) }
    }

    fileprivate mutating func startElement(
        _ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?,
        _ namespaceCount: Int32, _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        _ attributeCount: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard let localName, builder.stopReason == nil else { return }
        keepRecovering()
        builder.startElement(
            localName: localName, prefix: prefix, uri: uri, namespaces: namespaces,
            namespaceCount: Int(namespaceCount), attributes: XMLAttributes(pointers: attributes, count: Int(attributeCount)))
        checkStop()
    }

    fileprivate mutating func endElement(_ localName: UnsafePointer<xmlChar>?) {
        guard let localName, builder.stopReason == nil else { return }
        keepRecovering()
        builder.endElement(localName: localName)
    }

    fileprivate mutating func characters(_ bytes: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard let bytes, length > 0, builder.stopReason == nil else { return }
        deliveredCharacters += Int(length)
        if deliveredCharacters > characterBudget {
            builder.stop("entity expansion produced more than \(characterBudget) bytes of text")
            checkStop()
            return
        }
        keepRecovering()
        builder.characters(UnsafeBufferPointer(start: bytes, count: Int(length)))
    }

    fileprivate mutating func entity(named name: UnsafePointer<xmlChar>?) -> xmlEntityPtr? {
        guard let name, builder.stopReason == nil else { return nil }
        keepRecovering()
        entityLookups += 1
        if entityLookups > 1_000_000 {
            builder.stop("more than a million entity references")
            checkStop()
            return nil
        }
        if let document = context?.pointee.myDoc, let declared = xmlGetDocEntity(document, name) {
            return declared
        }
        let (entity, created) = entities.entity(named: name)
        switch created {
        case .htmlEntity?:
            builder.noteProblem("HTML entity &\(String(cString: name)); used in XML, which does not define it")
        case .unknown?:
            builder.noteProblem("undefined entity &\(String(cString: name)); kept as text")
        case nil:
            break
        }
        return entity
    }

    fileprivate mutating func record(_ error: UnsafeMutablePointer<xmlError>?) {
        guard let error else { return }
        errorCount += 1
        errorCodes.insert(error.pointee.code)
        if error.pointee.code == Int32(XML_ERR_TAG_NAME_MISMATCH.rawValue), let name = error.pointee.str2 {
            name.withMemoryRebound(to: xmlChar.self, capacity: 1) { builder.noteMismatchedEndTag($0) }
        }
        if error.pointee.code == Int32(XML_ERR_ENTITY_LOOP.rawValue) {
            builder.stop("entity references loop or expand too much")
            checkStop()
        }
        guard errorMessages.count < 5, let message = error.pointee.message else { return }
        let text = String(cString: message).trimmingASCIIWhitespace()
        errorMessages.append("line \(error.pointee.line): \(text)")
    }

    fileprivate func startDocument() {
        guard let context else { return }
        xmlSAX2StartDocument(UnsafeMutableRawPointer(context))
    }

    fileprivate func internalSubset(_ name: UnsafePointer<xmlChar>?, _ externalID: UnsafePointer<xmlChar>?, _ systemID: UnsafePointer<xmlChar>?) {
        guard let context else { return }
        xmlSAX2InternalSubset(UnsafeMutableRawPointer(context), name, externalID, systemID)
    }

    /// Declared entities are kept only when internal: an external one is never loaded.
    fileprivate mutating func entityDeclaration(
        _ name: UnsafePointer<xmlChar>?, _ type: Int32, _ publicID: UnsafePointer<xmlChar>?,
        _ systemID: UnsafePointer<xmlChar>?, _ content: UnsafeMutablePointer<xmlChar>?
    ) {
        guard type == Int32(XML_INTERNAL_GENERAL_ENTITY.rawValue) else {
            let entityName = name.map { String(cString: $0) } ?? "?"
            builder.noteProblem("external entity '\(entityName)' declared; never loaded")
            return
        }
        guard let context else { return }
        xmlSAX2EntityDecl(UnsafeMutableRawPointer(context), name, type, publicID, systemID, content)
    }

    // MARK: - The C handler

    /// SAX2 callbacks that forward to the session. Everything not set here stays nil, so
    /// libxml2 builds no tree and calls none of its default handlers with our user data.
    private static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startDocument = { session(from: $0)?.pointee.startDocument() }
        handler.internalSubset = { session(from: $0)?.pointee.internalSubset($1, $2, $3) }
        handler.entityDecl = { session(from: $0)?.pointee.entityDeclaration($1, $2, $3, $4, $5) }
        handler.getEntity = { session(from: $0)?.pointee.entity(named: $1) }
        handler.startElementNs = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            session(from: context)?.pointee.startElement(localName, prefix, uri, namespaceCount, namespaces, attributeCount, attributes)
        }
        handler.endElementNs = { context, localName, _, _ in session(from: context)?.pointee.endElement(localName) }
        handler.characters = { session(from: $0)?.pointee.characters($1, $2) }
        handler.cdataBlock = { session(from: $0)?.pointee.characters($1, $2) }
        handler.ignorableWhitespace = { session(from: $0)?.pointee.characters($1, $2) }
        handler.serror = { session(from: $0)?.pointee.record($1) }
        return handler
    }
}

/// The session a callback's user-data pointer refers to.
private func session(from pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<FeedSAXSession>? {
    pointer?.assumingMemoryBound(to: FeedSAXSession.self)
}

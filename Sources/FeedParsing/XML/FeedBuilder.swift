import CLibXML2

/// Turns SAX events into a feed. It tracks where it is (feed, entry, a container to skip, a
/// text construct whose children are markup), collects the text of the elements it keeps,
/// and applies feedparser's rules for which element supplies each field.
struct FeedBuilder {
    struct Flags: OptionSet {
        let rawValue: UInt16
        static let startedCapture = Flags(rawValue: 1 << 0)
        static let startedEntry = Flags(rawValue: 1 << 1)
        static let startedFeed = Flags(rawValue: 1 << 2)
        static let startedBlock = Flags(rawValue: 1 << 3)
        static let pushedBase = Flags(rawValue: 1 << 4)
        static let serialized = Flags(rawValue: 1 << 5)
        static let startedAuthor = Flags(rawValue: 1 << 6)
        static let startedSkipHours = Flags(rawValue: 1 << 7)
        static let startedSkipDays = Flags(rawValue: 1 << 8)
        static let startedImage = Flags(rawValue: 1 << 9)
        static let serializedVoid = Flags(rawValue: 1 << 10)
    }

    /// One open element.
    struct Frame {
        var kind: ElementKind
        var flags: Flags
        /// Identifies the element in `libxmlOpen`.
        var serial: Int
        /// Its names, interned in libxml2's dictionary (valid for the whole parse).
        var localName: UnsafePointer<xmlChar>
        var prefix: UnsafePointer<xmlChar>?
        /// For a serialized element: where its start tag ended in the text buffer.
        var startTagEnd: Int = 0
    }

    enum Version: Equatable {
        case rss(String), rdf(isRSS090: Bool), atom(isAtom10: Bool, isAtom03: Bool)
    }

    let limits: ParserLimits
    let documentBase: String
    /// What link resolution may still write for this document.
    let linkBudget: LinkBudget

    var classifier = ElementClassifier()
    /// The elements open in the document as the builder reads it.
    var frames: [Frame] = []
    /// The elements libxml2 considers open (their serials). They differ from `frames` after
    /// a mismatched end tag: libxml2 in recover mode then ends whatever element is open,
    /// while the builder ends the element the tag names (or nothing, for a stray tag), as
    /// HTML-minded readers like feedparser do.
    var libxmlOpen: [Int] = []
    var nextSerial = 0
    /// The name of the end tag libxml2 just reported as mismatched.
    var mismatchedEndTag: [UInt8]?
    var depth = 0
    var text: [UInt8] = []
    var captures: [TextCapture] = []
    var bases: [String] = []
    /// feedparser keeps an element's xml:base in force after the element ends when nothing
    /// outside it set a base; kept so that documents without a URL resolve alike.
    var leakedBase: String?

    var version: Version?
    var rootName: String?
    var sawFeedElement = false
    var feedDepth: Int?
    var entry: EntryDraft?
    var blockDepth: Int?
    var authorDepth: Int?
    /// Inside an entry's `image`, whose link is not the entry's (its title still counts).
    var inEntryImage = false
    /// Inside an entry's `textinput`.
    var inEntryTextInput = false
    var inSkipHours = false
    var inSkipDays = false
    /// feedparser's `title_depth`: a title no deeper than the last non-empty one is kept out.
    var titleBlockDepth = -1
    /// feedparser never decrements its depth for a skipped TypePad `div`, so every later
    /// element counts one level deeper per such div; ranks between competing elements
    /// follow that count.
    var depthSkew = 0

    var feed = FeedDraft()
    var entries: [ParsedEntry] = []
    var problems: [String] = []
    /// Set when parsing should stop (a limit was reached).
    var stopReason: String?
    private var reportedFieldTruncation = false

    init(limits: ParserLimits, documentBase: String, documentSize: Int) {
        self.limits = limits
        self.documentBase = documentBase
        linkBudget = LinkBudget(documentSize: documentSize)
        text.reserveCapacity(4096)
    }

    var currentBase: String { bases.last ?? leakedBase ?? documentBase }

    var isAtom: Bool {
        if case .atom = version { return true }
        return false
    }

    var isAtom10: Bool {
        if case .atom(let isAtom10, _) = version { return isAtom10 }
        return false
    }

    // MARK: - SAX events

    mutating func startElement(
        localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
        namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, namespaceCount: Int, attributes: XMLAttributes
    ) {
        depth += 1
        if depth > limits.maxDepth {
            stop("elements nested deeper than \(limits.maxDepth) levels")
            return
        }
        var frame = Frame(kind: .other, flags: [], serial: nextSerial, localName: localName, prefix: prefix)
        nextSerial += 1
        libxmlOpen.append(frame.serial)
        if !attributes.isEmpty, let base = newBase(attributes) {
            bases.append(base)
            frame.flags.insert(.pushedBase)
        }
        if let top = captures.last, top.isTextConstruct, depth > top.depth {
            startChildOfTextConstruct(localName: localName, prefix: prefix, uri: uri, attributes: attributes, frame: &frame)
            frames.append(frame)
            return
        }
        let info = classifier.classify(localName: localName, prefix: prefix, uri: uri)
        frame.kind = info.kind
        if rootName == nil {
            rootName = String(cString: localName)
            detectVersion(info.kind, uri: uri, namespaces: namespaces, namespaceCount: namespaceCount, attributes: attributes)
        }
        if blockDepth == nil {
            startKnownElement(info.kind, attributes: attributes, frame: &frame)
        } else if info.kind == .title {
            // A title inside a skipped container still holds later titles back (feedparser).
            startBlockedTitle(frame: &frame)
        }
        frames.append(frame)
    }

    mutating func endElement(localName: UnsafePointer<xmlChar>) {
        let serial = libxmlOpen.popLast()
        let mismatch = mismatchedEndTag
        mismatchedEndTag = nil
        if mismatch == nil, let last = frames.last, last.serial == serial {
            closeTopFrame()
            return
        }
        // Close up to the innermost open element the end tag names; a tag naming none is
        // ignored.
        let target = frames.lastIndex { frame in
            if let mismatch { return Self.names(frame, mismatch) }
            return frame.serial == serial
        }
        guard let target else { return }
        while frames.count > target { closeTopFrame() }
    }

    /// libxml2 reported an end tag that does not match the open element.
    mutating func noteMismatchedEndTag(_ name: UnsafePointer<xmlChar>) {
        var bytes: [UInt8] = []
        var cursor = name
        while cursor.pointee != 0, bytes.count < 256 {
            bytes.append(cursor.pointee)
            cursor += 1
        }
        mismatchedEndTag = bytes
    }

    /// True when `name` (as written in an end tag) names the frame's element.
    private static func names(_ frame: Frame, _ name: [UInt8]) -> Bool {
        var qualified: [UInt8] = []
        if let prefix = frame.prefix {
            var cursor = prefix
            while cursor.pointee != 0 { qualified.append(cursor.pointee); cursor += 1 }
            qualified.append(UInt8(ascii: ":"))
        }
        let localStart = qualified.count
        var cursor = frame.localName
        while cursor.pointee != 0 { qualified.append(cursor.pointee); cursor += 1 }
        return qualified == name || qualified[localStart...].elementsEqual(name)
    }

    private mutating func closeTopFrame() {
        guard let frame = frames.popLast() else { return }
        close(frame, localName: frame.localName)
    }

    /// Ends the innermost open element of a document that ended early.
    mutating func closeOpenElement() {
        guard let frame = frames.popLast() else { return }
        close(frame, localName: nil)
    }

    private mutating func close(_ frame: Frame, localName: UnsafePointer<xmlChar>?) {
        if frame.flags.contains(.serialized), let localName {
            endSerializedChild(localName: localName, frame: frame)
        }
        if frame.flags.contains(.startedCapture) { finishCapture() }
        if frame.flags.contains(.startedAuthor) { authorDepth = nil }
        if frame.flags.contains(.startedEntry) { finishEntry() }
        if frame.flags.contains(.startedFeed) { feedDepth = nil }
        if frame.flags.contains(.startedBlock) { blockDepth = nil }
        if frame.flags.contains(.startedSkipHours) { inSkipHours = false }
        if frame.flags.contains(.startedSkipDays) { inSkipDays = false }
        if frame.flags.contains(.startedImage) {
            inEntryImage = false
            inEntryTextInput = false
        }
        if frame.flags.contains(.pushedBase) {
            let popped = bases.removeLast()
            if bases.isEmpty, leakedBase == nil, documentBase.isEmpty { leakedBase = popped }
        }
        depth -= 1
    }

    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let top = captures.last else { return }
        if !top.isTextConstruct, depth != top.depth { return }
        if text.count - top.start + bytes.count > limits.maxFieldBytes {
            truncateField()
            return
        }
        if top.serializesMarkup {
            if depth == top.depth, !top.topLevelText, bytes.contains(where: { !DateText.isSpace($0) }) {
                captures[captures.count - 1].topLevelText = true
            }
            HTMLEntities.appendEscapingText(bytes, to: &text)
        } else {
            text.append(contentsOf: bytes)
        }
    }

    mutating func noteProblem(_ message: String) {
        if problems.count < 20 { problems.append(message) }
    }

    /// Notes `message` unless it was noted already (a limit hit by entry after entry).
    mutating func noteProblemOnce(_ message: String) {
        if !problems.contains(message) { noteProblem(message) }
    }

    mutating func stop(_ reason: String) {
        if stopReason == nil {
            stopReason = reason
            noteProblem("stopped: \(reason)")
        }
    }

    mutating func truncateField() {
        captures[captures.count - 1].isTruncated = true
        if !reportedFieldTruncation {
            reportedFieldTruncation = true
            noteProblem("a field longer than \(limits.maxFieldBytes) bytes was cut short")
        }
    }
}

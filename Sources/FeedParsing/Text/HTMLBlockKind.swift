import CLibXML2

/// How an HTML element affects the layout of its text.
enum HTMLBlockKind {
    case hidden, paragraph, line, inline

    init(_ name: UnsafePointer<xmlChar>) {
        self = XMLName.lowercased(name, maxLength: 10).flatMap { Self.kinds[$0] } ?? .inline
    }

    private static let kinds: [String: HTMLBlockKind] = {
        var table: [String: HTMLBlockKind] = [:]
        for name in ["script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "math"] {
            table[name] = .hidden
        }
        for name in ["p", "div", "blockquote", "pre", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                     "section", "article", "header", "footer", "figure", "hr", "address", "aside", "nav", "main",
                     "details", "summary", "fieldset", "form"] {
            table[name] = .paragraph
        }
        for name in ["br", "li", "tr", "dt", "dd", "figcaption", "caption"] {
            table[name] = .line
        }
        return table
    }()
}

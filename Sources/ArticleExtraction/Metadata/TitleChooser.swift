/// The headline, in Readability's order: JSON-LD `headline`/`name`, then Dublin Core, Open
/// Graph, Twitter and plain `title` metadata, then the document's `<title>` with the site's
/// name cut off at a separator.
enum TitleChooser {
    static func title(structured: StructuredData?, head: HeadMetadata, headings: [String]) -> String? {
        let documentTitle = head.documentTitle
        if let structured {
            if let name = structured.name, let headline = structured.headline, name != headline {
                let pageTitle = fromDocumentTitle(documentTitle ?? "", headings: headings)
                let nameMatches = similarity(name, pageTitle) > 0.75
                let headlineMatches = similarity(headline, pageTitle) > 0.75
                return headlineMatches && !nameMatches ? headline : name
            }
            if let title = structured.name ?? structured.headline { return title }
        }
        if let title = head.first(["dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title",
                                   "title", "twitter:title", "parsely-title"]) {
            return title
        }
        guard let documentTitle else { return headings.first }
        let title = fromDocumentTitle(documentTitle, headings: headings)
        return title.isEmpty ? nil : title
    }

    private static let separators: Set<Character> = ["|", "-", "\\", "/", ">", "»"]
    private static let hierarchical: Set<Character> = ["\\", "/", ">", "»"]

    /// Readability's `_getArticleTitle`: drops a trailing " | Site" (or a leading "Site - ")
    /// unless what is left is too short.
    static func fromDocumentTitle(_ original: String, headings: [String]) -> String {
        let characters = Array(original)
        var separatorPositions: [Int] = []
        if characters.count >= 3 {
            for index in 1 ..< characters.count - 1 where characters[index - 1] == " " && characters[index + 1] == " "
                && separators.contains(characters[index]) {
                separatorPositions.append(index)
            }
        }
        var title = original
        var hadHierarchical = false
        if let last = separatorPositions.last {
            hadHierarchical = separatorPositions.contains { hierarchical.contains(characters[$0]) }
            title = String(characters[..<(last - 1)])
            if wordCount(title) < 3, let first = characters.firstIndex(where: { separators.contains($0) }) {
                title = String(characters[(first + 1)...])
            }
        } else if original.contains(": ") {
            if !headings.contains(original.trimmingSpaces) {
                if let lastColon = characters.lastIndex(of: ":") {
                    title = String(characters[(lastColon + 1)...])
                    if wordCount(title) < 3, let firstColon = characters.firstIndex(of: ":") {
                        title = String(characters[(firstColon + 1)...])
                    } else if let firstColon = characters.firstIndex(of: ":"),
                              wordCount(String(characters[..<firstColon])) > 5 {
                        title = original
                    }
                }
            }
        } else if characters.count > 150 || characters.count < 15, headings.count == 1, let only = headings.first {
            title = only
        }
        title = title.trimmingSpaces
        let words = wordCount(title)
        let originalWords = wordCount(String(original.filter { !separators.contains($0) }))
        if words <= 4, !hadHierarchical || words != originalWords - 1 {
            title = original
        }
        return title
    }

    private static func wordCount(_ text: String) -> Int {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isWhitespace }).count
    }

    /// Readability's `_textSimilarity`: the share of `second`'s words (by length) also in `first`.
    static func similarity(_ first: String, _ second: String) -> Double {
        let firstWords = Set(tokens(first))
        let secondWords = tokens(second)
        guard !firstWords.isEmpty, !secondWords.isEmpty else { return 0 }
        let unique = secondWords.filter { !firstWords.contains($0) }
        let distance = Double(unique.joined(separator: " ").count) / Double(secondWords.joined(separator: " ").count)
        return 1 - distance
    }

    private static func tokens(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }
}

extension String {
    /// Without surrounding white space.
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}

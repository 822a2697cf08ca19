/// Plain text of HTML fragments, for the archive's `content_text`.
public enum HTMLText {
    /// The text a reader sees in `html`: tags, scripts and styles gone, entities decoded,
    /// white space collapsed, paragraphs separated by a blank line and line breaks (`br`,
    /// list items, table rows) kept as newlines. Uses libxml2's HTML parser (SAX, no tree),
    /// or its faster XML parser when the fragment is well-formed XML.
    public static func plainText(_ html: String) -> String {
        var source = html
        return source.withUTF8 { bytes in
            // Most summaries are plain text: no parser needed.
            if !bytes.contains(UInt8(ascii: "<")), !bytes.contains(UInt8(ascii: "&")) {
                var collector = TextCollector()
                collector.appendText(bytes)
                return collector.finished()
            }
            return XHTMLFastPath.extract(bytes) ?? HTMLTextExtractor.extract(bytes)
        }
    }
}

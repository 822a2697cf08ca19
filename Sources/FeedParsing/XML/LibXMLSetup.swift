import CLibXML2

/// Process-wide libxml2 configuration, done once before the first parse.
enum LibXMLSetup {
    /// Initialises libxml2 (required before use from several threads) and installs an
    /// external entity loader that refuses everything, so no document can make libxml2 read
    /// a file or a URL, whatever options a caller passes.
    static let ready: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
        return true
    }()

    /// Options for feed documents: recover from broken XML, never touch the network, read
    /// the bytes as the UTF-8 we transcoded them to. No entity substitution (`NOENT`), no DTD
    /// loading, no `HUGE` (which would lift libxml2's own size and depth limits).
    static let feedOptions: Int32 = Int32(
        XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
}

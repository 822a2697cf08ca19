import CLibXML2

/// Process-wide libxml2 set-up, done once before the first parse: libxml2 initialised (needed
/// before use from several threads) and an external entity loader that refuses everything, so
/// no subscription list or page can make libxml2 read a file or a URL.
enum LibXMLSafety {
    static let ready: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
        return true
    }()
}

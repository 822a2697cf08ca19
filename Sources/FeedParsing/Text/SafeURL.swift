/// The URI schemes feedparser accepts for a base URI (others, such as `javascript:`, are
/// ignored when they appear in `xml:base`).
enum SafeURL {
    static func hasAcceptableScheme(_ uri: String) -> Bool {
        guard let colon = uri.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = String(decoding: uri.utf8[..<colon], as: UTF8.self).lowercased()
        return acceptableSchemes.contains(scheme)
    }

    private static let acceptableSchemes: Set<String> = [
        "file", "ftp", "gopher", "h323", "hdl", "http", "https", "imap", "magnet", "mailto", "mms", "news",
        "nntp", "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp", "sip", "sips", "snews", "svn",
        "svn+ssh", "telnet", "wais", "aim", "callto", "cvs", "facetime", "feed", "git", "gtalk", "irc",
        "ircs", "irc6", "itms", "msnim", "skype", "ssh", "smb", "ymsg",
    ]
}

/// Maps the charset names feeds declare (in the XML declaration or the HTTP header) to
/// names glibc's iconv accepts. Names are matched the way Python's codec registry matches
/// them, since feedparser decides which names work: case-insensitive, any run of
/// punctuation equivalent to one hyphen.
enum CharsetName {
    /// The lookup key of a declared name: lowercase, punctuation runs collapsed to `-`.
    static func normalized(_ name: String) -> String {
        var result: [UInt8] = []
        var pendingHyphen = false
        for byte in name.utf8 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            let isAlphanumeric = (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) || lower == 0x2E
            if isAlphanumeric {
                if pendingHyphen, !result.isEmpty { result.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                result.append(lower)
            } else {
                pendingHyphen = true
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Candidate iconv names for a normalized charset name, best first.
    static func iconvCandidates(_ normalized: String) -> [String] {
        if let mapped = aliases[normalized] { return [mapped] }
        let withoutHyphens = String(normalized.filter { $0 != "-" })
        if let mapped = aliases[withoutHyphens] { return [mapped] }
        return withoutHyphens == normalized ? [normalized] : [normalized, withoutHyphens]
    }

    /// Which Unicode encoding form a name denotes, for the names iconv and Python disagree
    /// on (Python reads BOM-less "utf-16" as little-endian; iconv as big-endian).
    static func unicodeForm(_ normalized: String) -> UnicodeForm? {
        unicodeForms[normalized]
    }

    enum UnicodeForm: Equatable {
        case utf8, utf16LE, utf16BE, utf16, utf32LE, utf32BE, utf32
    }

    private static let unicodeForms: [String: UnicodeForm] = [
        "utf-8": .utf8, "utf8": .utf8, "u8": .utf8, "utf": .utf8, "cp65001": .utf8,
        "utf8-ucs2": .utf8, "utf8-ucs4": .utf8,
        "utf-16": .utf16, "utf16": .utf16, "u16": .utf16, "iso-10646-ucs-2": .utf16, "ucs-2": .utf16,
        "csunicode": .utf16,
        "utf-16le": .utf16LE, "utf-16-le": .utf16LE, "utf16le": .utf16LE, "unicodelittleunmarked": .utf16LE,
        "utf-16be": .utf16BE, "utf-16-be": .utf16BE, "utf16be": .utf16BE, "unicodebigunmarked": .utf16BE,
        "utf-32": .utf32, "utf32": .utf32, "u32": .utf32, "iso-10646-ucs-4": .utf32, "ucs-4": .utf32,
        "csucs4": .utf32,
        "utf-32le": .utf32LE, "utf-32-le": .utf32LE, "utf32le": .utf32LE,
        "utf-32be": .utf32BE, "utf-32-be": .utf32BE, "utf32be": .utf32BE,
    ]

    /// Python codec aliases glibc does not spell the same way.
    private static let aliases: [String: String] = [
        "037": "CP037",
        "1125": "CP1125",
        "1140": "CP1140",
        "1250": "CP1250",
        "1251": "CP1251",
        "1252": "CP1252",
        "1253": "CP1253",
        "1254": "CP1254",
        "1255": "CP1255",
        "1256": "CP1256",
        "1257": "CP1257",
        "1258": "CP1258",
        "775": "CP775",
        "8859": "ISO8859-1",
        "936": "GBK",
        "949": "CP949",
        "950": "CP950",
        "big5-tw": "BIG5",
        "chinese": "GB2312",
        "cp-is": "CP861",
        "cp1051": "HP-ROMAN8",
        "cp154": "PT154",
        "cp866u": "CP1125",
        "csbig5": "BIG5",
        "csibm858": "CP858",
        "csibm861": "CP861",
        "csiso58gb231280": "GB2312",
        "csptcp154": "PT154",
        "cyrillic-asian": "PT154",
        "elot-928": "ISO8859-7",
        "eucgb2312-cn": "GB2312",
        "eucjisx0213": "EUC-JISX0213",
        "gb18030-2000": "GB18030",
        "gb2312-1980": "GB2312",
        "gb2312-80": "GB2312",
        "hkscs": "BIG5HKSCS",
        "ibm039": "CP037",
        "ibm1051": "HP-ROMAN8",
        "ibm1125": "CP1125",
        "iso-8859-1-1987": "ISO8859-1",
        "iso-8859-10-1992": "ISO8859-10",
        "iso-8859-11-2001": "ISO8859-11",
        "iso-8859-14-1998": "ISO8859-14",
        "iso-8859-16-2001": "ISO8859-16",
        "iso-8859-2-1987": "ISO8859-2",
        "iso-8859-3-1988": "ISO8859-3",
        "iso-8859-4-1988": "ISO8859-4",
        "iso-8859-5-1988": "ISO8859-5",
        "iso-8859-6-1987": "ISO8859-6",
        "iso-8859-7-1987": "ISO8859-7",
        "iso-8859-8-1988": "ISO8859-8",
        "iso-8859-9-1989": "ISO8859-9",
        "iso-ir-58": "GB2312",
        "iso8859": "ISO8859-1",
        "korean": "EUC-KR",
        "ks-c-5601": "EUC-KR",
        "ks-c-5601-1987": "EUC-KR",
        "ks-x-1001": "EUC-KR",
        "ksc5601": "EUC-KR",
        "ksx1001": "EUC-KR",
        "kz-1048": "RK1048",
        "kz1048": "RK1048",
        "l9": "ISO8859-15",
        "latin": "ISO8859-1",
        "mac-centeuro": "CP1282",
        "mac-latin2": "CP1282",
        "maccentraleurope": "CP1282",
        "maclatin2": "CP1282",
        "ms1361": "JOHAB",
        "ms949": "CP949",
        "ms950": "CP950",
        "ptcp154": "PT154",
        "shiftjis": "SHIFT-JIS",
        "thai": "ISO8859-11",
        "tis-620-0": "TIS-620",
        "tis-620-2529-0": "TIS-620",
        "tis-620-2529-1": "TIS-620",
        "x-mac-japanese": "SHIFT-JIS",
        "x-mac-korean": "EUC-KR",
        "x-mac-simp-chinese": "GB2312",
        "x-mac-trad-chinese": "BIG5",
        "1026": "IBM1026", "cp1026": "IBM1026", "csibm1026": "IBM1026", "ibm1026": "IBM1026",
        "273": "IBM273", "cp273": "IBM273", "csibm273": "IBM273", "ibm273": "IBM273",
        "424": "IBM424", "cp424": "IBM424", "csibm424": "IBM424", "ibm424": "IBM424", "ebcdic-cp-he": "IBM424",
        "932": "CP932", "ms932": "CP932", "mskanji": "CP932", "ms-kanji": "CP932",
        "euc-jis-2004": "EUC-JISX0213", "euc-jis2004": "EUC-JISX0213", "eucjis2004": "EUC-JISX0213",
        "jisx0213": "EUC-JISX0213",
        "shift-jis-2004": "SHIFT_JISX0213", "shiftjis2004": "SHIFT_JISX0213", "sjis-2004": "SHIFT_JISX0213",
        "s-jis-2004": "SHIFT_JISX0213", "s-jisx0213": "SHIFT_JISX0213", "sjisx0213": "SHIFT_JISX0213",
        "iso2022-jp-1": "ISO-2022-JP-2", "iso2022jp-1": "ISO-2022-JP-2", "iso-2022-jp-1": "ISO-2022-JP-2",
        "iso2022-jp-3": "ISO-2022-JP-3", "iso2022jp-3": "ISO-2022-JP-3",
        "iso2022-jp-2004": "ISO-2022-JP-3", "iso2022jp-2004": "ISO-2022-JP-3", "iso-2022-jp-2004": "ISO-2022-JP-3",
        "mac-roman": "MACINTOSH", "macroman": "MACINTOSH", "macintosh": "MACINTOSH",
        "mac-cyrillic": "MAC-CYRILLIC", "maccyrillic": "MAC-CYRILLIC",
        "mac-iceland": "MAC-IS", "maciceland": "MAC-IS",
        "gb2312": "GB18030", "x-gbk": "GBK", "x-euc-jp": "EUC-JP", "x-sjis": "SHIFT_JIS",
        "us-ascii": "ASCII", "ascii": "ASCII", "646": "ASCII",
    ]
}

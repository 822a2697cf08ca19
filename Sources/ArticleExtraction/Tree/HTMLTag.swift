/// The elements extraction tells apart (and `.text` for text nodes); every other name is `.other` (inline-like) or, for
/// unknown elements whose name carries a hyphen (custom elements), `.custom`.
enum HTMLTag: UInt8 {
    case other, custom, text
    case html, head, body, title, meta, link, base
    case script, style, noscript, template, svg, math, iframe, object, embed, canvas, video, audio, source, picture
    case img, figure, figcaption
    case p, div, section, article, main, header, footer, nav, aside, address, hgroup
    case h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd, menu
    case table, thead, tbody, tfoot, tr, td, th, caption
    case blockquote, pre, code, br, hr
    case a, span, time, font, center, em, strong, b, i, u, small, sup, sub, q, cite, abbr, mark
    case form, input, button, select, textarea, label, option, fieldset, dialog, details, summary

    private static let byName: [String: HTMLTag] = {
        var table: [String: HTMLTag] = [:]
        var raw: UInt8 = HTMLTag.html.rawValue
        while let tag = HTMLTag(rawValue: raw) {
            table[String(describing: tag)] = tag
            raw += 1
        }
        // AMP's components by what they hold: images, embeds and ads, consent dialogs, share buttons.
        table["amp-img"] = .img
        table["amp-anim"] = .img
        for embedded in ["amp-iframe", "amp-ad", "amp-embed", "amp-sticky-ad", "amp-analytics", "amp-pixel"] {
            table[embedded] = .iframe
        }
        table["amp-video"] = .video
        table["amp-consent"] = .dialog
        table["amp-user-notification"] = .dialog
        table["amp-social-share"] = .button
        table["amp-sidebar"] = .nav
        return table
    }()

    /// The tag for a lower-case element name.
    init(name: String) {
        if let known = Self.byName[name] {
            self = known
        } else {
            self = name.utf8.contains(UInt8(ascii: "-")) ? .custom : .other
        }
    }

    /// Elements that start a new block of text: text on either side of them is never one paragraph.
    var isBlock: Bool {
        switch self {
        case .p, .div, .section, .article, .main, .header, .footer, .nav, .aside, .address, .hgroup,
             .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .menu,
             .table, .thead, .tbody, .tfoot, .tr, .td, .th, .caption,
             .blockquote, .pre, .hr, .figure, .figcaption, .form, .fieldset, .dialog, .details, .summary, .center,
             .body, .html, .custom, .video, .audio, .iframe, .object, .embed, .canvas, .svg, .math, .picture:
            return true
        default:
            return false
        }
    }

    /// Elements whose content is never article text.
    var isDiscarded: Bool {
        switch self {
        case .head, .script, .style, .noscript, .template, .svg, .math, .iframe, .object, .embed, .canvas,
             .video, .audio, .input, .button, .select, .textarea, .option, .nav, .dialog, .menu, .title,
             .meta, .link, .base, .label:
            return true
        default:
            return false
        }
    }

    var headingLevel: Int? {
        switch self {
        case .h1: return 1
        case .h2: return 2
        case .h3: return 3
        case .h4: return 4
        case .h5: return 5
        case .h6: return 6
        default: return nil
        }
    }
}

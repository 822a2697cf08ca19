/// Author fields as feedparser tracks them: the raw author text, the detail (name, e-mail)
/// of the first author that had one, and the author element being read.
struct AuthorDraft {
    struct Detail {
        var name: String?
        var email: String?
    }

    var text: EntryDraft.Ranked?
    var detail: Detail?
    /// Name and e-mail given by child elements of the author element being read (Atom).
    var current = Detail()

    /// Starts an author element.
    mutating func begin() {
        current = Detail()
    }

    /// An Atom `name` or `email` child of the current author.
    mutating func setChild(name: String? = nil, email: String? = nil) {
        if detail == nil { detail = Detail() }
        if let name { detail?.name = name; current.name = name }
        if let email { detail?.email = email; current.email = email }
        syncTextFromCurrent()
    }

    /// Ends an author element whose own text was `value`.
    mutating func end(text value: String, depth: Int) {
        EntryDraft.store(value, depth: depth, into: &text)
        if current.name != nil || current.email != nil {
            syncTextFromCurrent()
            return
        }
        guard let raw = text?.value, !raw.isEmpty else { return }
        let (name, email) = AuthorText.split(raw)
        if (name != nil || email != nil), detail == nil {
            detail = Detail(name: name, email: email)
        }
    }

    private mutating func syncTextFromCurrent() {
        let formatted: String?
        switch (current.name, current.email) {
        case let (name?, email?) where !name.isEmpty && !email.isEmpty: formatted = "\(name) (\(email))"
        case let (name?, _) where !name.isEmpty: formatted = name
        case let (_, email?) where !email.isEmpty: formatted = email
        default: formatted = nil
        }
        if let formatted { text = EntryDraft.Ranked(value: formatted, depth: text?.depth) }
    }

    /// What a reader shows: the detail's name, else the raw text, else the e-mail.
    var displayName: String? {
        if let name = detail?.name, !name.isEmpty { return name }
        if let raw = text?.value, !raw.isEmpty { return raw }
        if let email = detail?.email, !email.isEmpty { return email }
        return nil
    }
}

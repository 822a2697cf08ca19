/// How many bytes of resolved links one document may produce. Resolving copies the base into
/// every relative link, so a long `xml:base` (or document URL) and many relative links would
/// otherwise multiply: fuzzing found a 1 MB feed whose 3,000 relative links took over 2 GB.
/// Once the budget is spent, links stay as written. A reference type, so that the builder's
/// non-mutating paths can draw on the one budget of their parse.
final class LinkBudget {
    private var remaining: Int
    /// The links left as written because the budget was spent.
    private(set) var refusals = 0

    /// A budget for a document of `documentSize` bytes: 1 MiB and four times its size, far
    /// more than real feeds need (a 60-byte base every 200 bytes is a third of the size).
    init(documentSize: Int) {
        remaining = (1 << 20) + 4 * documentSize
    }

    /// Whether `bound` more bytes fit; a refusal is counted.
    func allows(_ bound: Int) -> Bool {
        guard bound <= remaining else {
            refusals += 1
            return false
        }
        return true
    }

    /// Records `bytes` written (no more than `allows` was asked for).
    func spend(_ bytes: Int) {
        remaining -= bytes
    }

    /// The recovered problem to report when links were left relative, nil when none were.
    var problem: String? {
        refusals == 0 ? nil : "left \(refusals) links unresolved: resolving them would have multiplied the document's size"
    }
}

/// Turns the registry's Prometheus text (format 0.0.4) into OpenMetrics 1.0.0 text.
///
/// The samples are the same in both; what differs is how families are named and how the text
/// ends: an OpenMetrics counter family is named without its samples' `_total` suffix, a gauge
/// whose name ends in `_info` is an `info` family named without it, and the text ends in `# EOF`.
enum OpenMetricsText {
    static func convert(_ text: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 16)
        // A family's HELP line comes before its TYPE line, so it waits for the type to be known.
        var pendingHelp: (name: Substring, rest: Substring)?
        let string = String(decoding: text, as: UTF8.self)
        for line in string.split(separator: "\n", omittingEmptySubsequences: true) {
            if let help = Self.comment("# HELP ", in: line) {
                if let pending = pendingHelp { append("# HELP ", pending.name, pending.rest, to: &output) }
                pendingHelp = help
                continue
            }
            if let type = Self.comment("# TYPE ", in: line) {
                let (family, kind) = Self.family(name: type.name, type: type.rest)
                if let pending = pendingHelp {
                    append("# HELP ", pending.name == type.name ? family : pending.name, pending.rest, to: &output)
                    pendingHelp = nil
                }
                append("# TYPE ", family, Substring(" " + kind), to: &output)
                continue
            }
            if let pending = pendingHelp {
                append("# HELP ", pending.name, pending.rest, to: &output)
                pendingHelp = nil
            }
            output.append(contentsOf: line.utf8)
            output.append(0x0A)
        }
        if let pending = pendingHelp { append("# HELP ", pending.name, pending.rest, to: &output) }
        output.append(contentsOf: "# EOF\n".utf8)
        return output
    }

    /// The OpenMetrics family name and type for a Prometheus `# TYPE name type` line.
    private static func family(name: Substring, type: Substring) -> (Substring, Substring) {
        let kind = type.drop { $0 == " " }
        if kind == "counter", name.hasSuffix("_total") { return (name.dropLast("_total".count), kind) }
        if kind == "gauge", name.hasSuffix("_info") { return (name.dropLast("_info".count), "info") }
        return (name, kind)
    }

    /// For `# HELP name text` (or `# TYPE name type`): the name and what follows it, space included.
    private static func comment(_ prefix: String, in line: Substring) -> (name: Substring, rest: Substring)? {
        guard line.hasPrefix(prefix) else { return nil }
        let body = line.dropFirst(prefix.count)
        let name = body.prefix { $0 != " " }
        return (name, body[name.endIndex...])
    }

    private static func append(_ prefix: String, _ name: Substring, _ rest: Substring, to output: inout [UInt8]) {
        output.append(contentsOf: prefix.utf8)
        output.append(contentsOf: name.utf8)
        output.append(contentsOf: rest.utf8)
        output.append(0x0A)
    }
}

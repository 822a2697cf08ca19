/// Why a drop-in file was not changed. Nothing is written when any of these is thrown.
public enum DropInEditError: Error, Sendable, CustomStringConvertible {
    /// The configuration has problems already; they come first.
    case configBroken([ConfigProblem])
    /// The configuration as the edit would leave it has these problems (what check-config would say).
    case refused([ConfigProblem])
    /// The feed is not where feedd may edit it (the main config, an inline table...).
    case notEditable(SourceLocation, String)
    /// No configured feed matches.
    case notFound(String)
    /// The file could not be read or written.
    case io(String)

    /// One line per problem, each with file and line when known.
    public var description: String {
        switch self {
        case .configBroken(let problems):
            return (["the configuration has problems already; fix them first:"] + problems.map { "  \($0)" }).joined(separator: "\n")
        case .refused(let problems):
            return (["refused: the configuration would not load:"] + problems.map { "  \($0)" }).joined(separator: "\n")
        case .notEditable(let location, let message):
            return "\(location): \(message)"
        case .notFound(let message), .io(let message):
            return message
        }
    }
}

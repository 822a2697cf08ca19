/// feedd's version, reported by `feedd --version` and in the User-Agent.
public enum FeeddVersion {
    public static let string = "0.1.0"
}

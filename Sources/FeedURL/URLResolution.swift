import Foundation

/// Resolves relative references (RFC 3986 §5) against a base URL.
///
/// Skeleton placeholder built on Foundation's URL; replaced by an RFC 3986
/// implementation of our own.
public enum URLResolution {
    /// The absolute form of `reference` resolved against `base`; `reference`
    /// trimmed and unchanged when it cannot be resolved.
    public static func resolve(_ reference: String, against base: String?) -> String {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let base, let baseURL = URL(string: base),
              let resolved = URL(string: trimmed, relativeTo: baseURL) else { return trimmed }
        return resolved.absoluteString
    }
}

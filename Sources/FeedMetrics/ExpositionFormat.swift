import Foundation

/// The two text formats `/metrics` speaks, chosen from the request's `Accept` header.
public enum ExpositionFormat: Sendable, Equatable {
    /// Prometheus text format 0.0.4: the default, for any client that does not ask for OpenMetrics.
    case prometheusText
    /// OpenMetrics 1.0.0, which Prometheus itself asks for first.
    case openMetrics

    /// The `Content-Type` of a response in this format.
    public var contentType: String {
        switch self {
        case .prometheusText: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// OpenMetrics when `accept` ranks `application/openmetrics-text` at least as high as any
    /// range that covers the plain text format (`text/plain`, `text/*`, `*/*`); else plain text.
    /// Prometheus sends `application/openmetrics-text;version=1.0.0,…,text/plain;version=0.0.4;q=0.5,*/*;q=0.1`.
    public static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept else { return .prometheusText }
        var openMetrics = 0.0
        var text = 0.0
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            switch type {
            case "application/openmetrics-text": openMetrics = max(openMetrics, quality)
            case "text/plain", "text/*", "*/*": text = max(text, quality)
            default: break
            }
        }
        return openMetrics > 0 && openMetrics >= text ? .openMetrics : .prometheusText
    }
}

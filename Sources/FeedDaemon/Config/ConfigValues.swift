import Foundation

/// Parses the human-friendly values a config file holds: durations and sizes.
enum ConfigValues {
    /// Seconds from an integer or a string such as "90", "30s", "15m", "2h", "1d", "1h30m".
    static func seconds(_ text: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        return sum(of: text, units: units, bareUnit: 1)
    }

    /// Bytes from an integer or a string such as "512", "64KB", "8MiB", "1G".
    static func bytes(_ text: String) -> Int? {
        let cleaned = text.lowercased().replacingOccurrences(of: "ib", with: "").replacingOccurrences(of: "b", with: "")
        let units: [Character: Int] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40]
        return sum(of: cleaned, units: units, bareUnit: 1)
    }

    /// Adds up "<number><unit>" groups; a number without unit counts `bareUnit` each.
    private static func sum(of text: String, units: [Character: Int], bareUnit: Int) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { return nil }
        var total = 0
        var number: Int?
        for character in trimmed {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (shifted, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                number = next
            } else if let unit = units[character], let value = number {
                let (product, overflow) = value.multipliedReportingOverflow(by: unit)
                guard !overflow else { return nil }
                total += product
                number = nil
            } else if character != " " {
                return nil
            }
        }
        if let value = number {
            guard total == 0 else { return nil }  // "1h30" is ambiguous
            total = value * bareUnit
        }
        return total
    }
}

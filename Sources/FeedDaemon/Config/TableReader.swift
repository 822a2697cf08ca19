import Foundation
import TOMLKit

/// Reads the keys of one TOML table, recording a located problem for each
/// value of the wrong kind and, at the end, for each key nobody asked for.
struct TableReader {
    let table: TOMLTable
    /// Table path as `TOMLSourceMap` names it.
    let path: String
    let file: String
    let sourceMap: TOMLSourceMap
    private(set) var problems: [ConfigProblem] = []
    private var consumed: Set<String> = []
    /// How many of the consumed keys the table holds: when that is all of them, nothing is
    /// unknown and TOMLKit's `keys` (which leaks a copy of every key) need not be asked.
    private var consumedPresent = 0

    init(table: TOMLTable, path: String, file: String, sourceMap: TOMLSourceMap) {
        self.table = table
        self.path = path
        self.file = file
        self.sourceMap = sourceMap
    }

    func location(_ key: String? = nil) -> SourceLocation {
        SourceLocation(file: file, line: sourceMap.line(table: path, key: key))
    }

    mutating func report(_ key: String?, _ message: String) {
        problems.append(ConfigProblem(location(key), message))
    }

    /// Takes over the problems found in a nested table.
    mutating func absorb(_ nested: [ConfigProblem]) {
        problems += nested
    }

    /// The raw value, marking the key as known.
    mutating func value(_ key: String) -> TOMLValueConvertible? {
        let value = table[key]
        if consumed.insert(key).inserted, value != nil { consumedPresent += 1 }
        return value
    }

    mutating func string(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.string else {
            report(key, "\(describe(key)) must be a string")
            return nil
        }
        return text
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.bool else {
            report(key, "\(describe(key)) must be true or false")
            return nil
        }
        return flag
    }

    /// A positive whole number within `range`.
    mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.int, range.contains(number) else {
            report(key, "\(describe(key)) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    mutating func fraction(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.double ?? value.int.map(Double.init), range.contains(number) else {
            report(key, "\(describe(key)) must be a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    /// Seconds, written as a number or as "30s", "15m", "2h", "1d".
    mutating func duration(_ key: String, atLeast minimum: Int = 1) -> Int? {
        measured(key, in: minimum...Int.max, parse: ConfigValues.seconds,
                 expected: "a duration of at least \(minimum) s such as \"90s\", \"15m\", \"2h\" or \"1d\"")
    }

    /// Seconds within `range`, written as a number or as "30s", "15m", "2h".
    mutating func duration(_ key: String, in range: ClosedRange<Int>) -> Int? {
        measured(key, in: range, parse: ConfigValues.seconds,
                 expected: "a duration from \(range.lowerBound) s to \(range.upperBound) s such as \"90s\" or \"2m\"")
    }

    /// Bytes, written as a number or as "64KiB", "8MiB", "1GiB".
    mutating func size(_ key: String, atLeast minimum: Int = 1) -> Int? {
        measured(key, in: minimum...Int.max, parse: ConfigValues.bytes,
                 expected: "a size of at least \(minimum) bytes such as \"512KiB\" or \"8MiB\"")
    }

    /// Bytes within `range`, written as a number or as "64KiB", "8MiB".
    mutating func size(_ key: String, in range: ClosedRange<Int>) -> Int? {
        measured(key, in: range, parse: ConfigValues.bytes,
                 expected: "a size from \(range.lowerBound) bytes to \(range.upperBound >> 20) MiB such as \"512KiB\" or \"8MiB\"")
    }

    /// A whole number of some unit, written bare or as a string `parse` understands.
    private mutating func measured(_ key: String, in range: ClosedRange<Int>, parse: (String) -> Int?, expected: String) -> Int? {
        guard let value = value(key) else { return nil }
        guard let amount = value.int ?? value.string.flatMap(parse), range.contains(amount) else {
            report(key, "\(describe(key)) must be \(expected) (got \(value.debugDescription))")
            return nil
        }
        return amount
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else {
            report(key, "\(describe(key)) must be an array of strings")
            return nil
        }
        var result: [String] = []
        for element in array {
            guard let text = element.string else {
                report(key, "\(describe(key)) must be an array of strings")
                return nil
            }
            result.append(text)
        }
        return result
    }

    /// Reports every key present but never read: a typo must not pass silently.
    mutating func reportUnknownKeys(known hint: [String]) {
        guard table.count > consumedPresent else { return }
        for key in table.keys where !consumed.contains(key) {
            let suggestion = hint.first(where: { Self.isNearMiss($0, key) }).map { " (did you mean \"\($0)\"?)" } ?? ""
            report(key, "unknown key \"\(key)\"\(tableSuffix)\(suggestion)")
        }
    }

    private var tableSuffix: String {
        if path.isEmpty { return "" }
        if let hash = path.firstIndex(of: "#") { return " in [[\(path[..<hash])]]" }
        return " in [\(path)]"
    }

    /// `"table.key"` as messages name a key.
    func describe(_ key: String) -> String {
        let name = path.isEmpty ? key : "\(path.split(separator: "#").first.map(String.init) ?? path).\(key)"
        return "\"\(name)\""
    }

    /// Same letters give or take one edit, or a case/dash/underscore difference.
    private static func isNearMiss(_ known: String, _ typed: String) -> Bool {
        let a = Array(known.lowercased().replacingOccurrences(of: "-", with: "_"))
        let b = Array(typed.lowercased().replacingOccurrences(of: "-", with: "_"))
        if a == b { return true }
        guard abs(a.count - b.count) <= 1 else { return false }
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where i <= a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where j <= b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count] <= 1
    }
}
